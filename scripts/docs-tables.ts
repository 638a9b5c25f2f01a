// The README's tables of what the server answers, written from server/contract so that the
// documentation cannot drift from the code: every action (family, role, what its "1" carries,
// what a "0" does on the media server), every deny code (with the error index and name each
// family's client sees) and every setting. The contract holds the facts; the prose per kind of
// action and per setting is kept here, in maps whose types make tsc demand an entry for every new
// kind or setting.
//
//   npm run docs              rewrites the blocks between <!-- generated:NAME --> markers in README.md
//   npm run docs -- --check   only says whether they are up to date (exit 1 when not)
//
// test/unit/docs-tables.test.ts fails while README.md's blocks differ from what this renders.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ACTION_FAMILIES,
  ACTION_NAMES,
  ACTION_ROLES,
  CLI_FLAGS,
  DENY_CODES,
  DENY_REASONS,
  MEDIA_SERVER_ERROR_NAMES,
  SETTING_KEYS,
  SETTINGS,
  factsOf,
  wireIndexFor,
  type ActionFacts,
  type ActionFamily,
  type ActionName,
  type ActionRole,
  type EventKind,
  type SettingDescriptor,
  type SettingKey,
} from '../server/contract';
import { FLAG_HELP } from '../server/main/usage';

export const README_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'README.md');

const EDIT_NOTE = '<!-- written by `npm run docs` (scripts/docs-tables.ts) from server/contract: edit those, not this table -->';

/** The member snapshot of SYNC_ALL and every *_AND_SYNC_ALL (ActionFacts.syncAll). */
const SNAPSHOT = 'the members: `{"groupList":"u1,u2","ignoreList":"u3"}`; groupList always (even `""`), ignoreList only when not empty';

/** What our "1" carries, per kind of event (server/domain/decision.ts ReplyPayload, as server/protocol/reply.ts writes it). */
const ONE_CARRIES: Record<EventKind, string> = {
  createChannel: '`"ok"`',
  applyUpload: '`{"conCurrentNumber":"N"}`: the channel\'s capacity (0: no limit), plus `"groupId"` for group channels',
  setUploader: '`"ok"`',
  unsetUploader: '`"ok"`',
  uploaderDisconnect: '`"ok"`',
  uploaderUploading: '`"ok"`',
  closeChannel: '`"ok"`',
  deleteChannel: '`"ok"`',
  userOnline: '`"ok"`',
  applyDownload: '`"ok"`',
  userPlaying: '`"ok"`',
  userOffline: '`"ok"`',
  proxyApplyUpload: '`{"conCurrentNumber":"N"}`: the channel\'s capacity',
  proxyCloseChannel: '`"ok"`',
  proxyDeleteChannel: '`"ok"`',
  queryChannelList: 'the open channels: `{"channelIdList","roomIdList","creatorList","userDefineDataList"}`, comma-joined, a key left out when empty',
  chatRoomCreate: '`"ok"`',
  chatRoomIsExist: '`"creator,limit"` from our record, e.g. `"892500,100"` (limit 1–65535); an unknown room is adopted first (`adoptUnknownChatRooms`)',
  chatRoomDelete: '`"ok"`',
  chatRoomSendMsg: '`"ok"`',
  chatRoomSaveToList: '`"ok"`',
  chatRoomDelFromList: '`"ok"`',
  chatRoomQueryList: '`{"roomIdList","creatorList","userDefineDataList"}`, comma-joined, a key left out when empty',
  groupCreate: 'the new group id as a string, e.g. `"100000"`; never handed out twice',
  groupSyncAll: SNAPSHOT,
  groupDelete: '`"ok"`',
  groupAddUsers: '`"ok"`',
  groupRemoveUsers: '`"ok"`',
  groupSetPushIgnore: '`"ok"`',
  groupUnsetPushIgnore: '`"ok"`',
  groupGetGroupList: '`{"groupIdList","groupNameList","creatorList"}` of the asker\'s groups',
  groupGetUserList: '`{"userIdList":"u1,u2","isIgnore":"0"}` (isIgnore: the asker\'s do-not-disturb)',
  groupPushSystemMsg: '`"ok"` (only with `allowGroupSystemPush`)',
  groupPushGroupMsg: '`"ok"` (only with `allowGroupSystemPush`, for a member of the group)',
  callOnline: '`"ok"`',
  callPlaying: '`"ok"`',
  callHangup: '`"ok"`',
  pushModeGet: 'the user\'s mode as a digit: the one they set, else `"2"` (all on)',
  pushModeSet: '`"ok"`',
  accessValidation: 'the `echostr` it was sent',
  verifyUserLogin: '`"ok"`',
  never: '`"ok"` (an action no family handles: `unsupportedReply`, allow by default)',
};

/** What a "0" does on the media server, per kind of event (aec-media-server-2.9.6.md §2–§5, aec-protocol.md §3). */
const ZERO_DOES: Record<EventKind, string> = {
  createChannel: 'the channel is not created; the client is told',
  applyUpload: 'the user may not publish',
  setUploader: 'the grant is refused',
  unsetUploader: 'a notification: no documented effect',
  uploaderDisconnect: 'a notification: the uploader has left either way',
  uploaderUploading: "**ends that uploader's stream**",
  closeChannel: 'a notification: no documented effect',
  deleteChannel: 'a notification: no documented effect',
  userOnline: 'the viewer may not watch',
  applyDownload: 'the viewer may not pull',
  userPlaying: '**ends that viewer**: it can no longer watch',
  userOffline: 'a notification: the viewer has left either way',
  proxyApplyUpload: 'liveProxyServer may not pull the stream in',
  proxyCloseChannel: 'a notification: no documented effect',
  proxyDeleteChannel: 'a notification: no documented effect',
  queryChannelList: 'the list query fails',
  chatRoomCreate: 'the room is not created; **the web SDK then never creates its live**',
  chatRoomIsExist: '**the join fails; the web SDK then never joins the live channel**',
  chatRoomDelete: 'the delete is refused and the client told',
  chatRoomSendMsg: 'the message is blocked',
  chatRoomSaveToList: 'the list change fails',
  chatRoomDelFromList: 'the list change fails',
  chatRoomQueryList: 'the list query fails',
  groupCreate: 'the group is not created; the client is told',
  groupSyncAll: 'the group message, system message or membership check that needed the members fails',
  groupDelete: 'the delete is refused; the client is told',
  groupAddUsers: 'the add is refused; the client is told',
  groupRemoveUsers: 'the removal is refused; the client is told',
  groupSetPushIgnore: 'do-not-disturb is not set; the client is told',
  groupUnsetPushIgnore: 'do-not-disturb is not cleared; the client is told',
  groupGetGroupList: 'the list fails',
  groupGetUserList: 'the list fails',
  groupPushSystemMsg: 'the push is refused',
  groupPushGroupMsg: 'the push is refused',
  callOnline: 'the call is refused; both people are told',
  callPlaying: '**ends the call for both people**',
  callHangup: 'only logged: the call is over either way',
  pushModeGet: 'only logged: the mode stays unknown (no offline push); the login goes on',
  pushModeSet: 'the client is told it failed',
  accessValidation: 'the console check fails',
  verifyUserLogin: 'not known (no 2.9.6 program sends it); a "0" could lock users out',
  never: 'never sent (the enum\'s first value)',
};

/** What each setting is for: one line; the contract has its kind, limits and default. */
const SETTING_NOTES: Record<SettingKey, string> = {
  callbackHost: "where the media server's calls are accepted; `0.0.0.0`: from the LAN",
  callbackPort: 'port of the callback listener (the port in `aecurl`); 0 picks a free one',
  adminHost: 'address of the dashboard and its API; binding it to the LAN is an explicit choice (see [Dashboard from another machine](#dashboard-from-another-machine))',
  adminPort: 'port of the dashboard; 0 picks a free one',
  maxBodyBytes: "largest callback body; a larger one gets HTTP 413 (callbacks are under 2 KB, but a group's member list can be long)",
  maxConnectionsPerClient: 'open connections one client address may hold on the callback listener',
  answerBudgetMs: 'every callback is answered within this time, whatever the disk or the eventCenter does ([The answer budget](#the-answer-budget))',
  guardToken: 'the sign key instead of the factory key `12345678`, for a media server that signs with another key; a stock 2.9.6 server signs with `12345678`, so leave it empty ([The sign](#the-sign))',
  requireSign: 'refuse callbacks that carry no sign (a wrong sign is always refused)',
  allowFrom: 'CIDRs the media server calls from; any other address gets HTTP 403; empty: any address',
  maxCapacity: 'highest `conCurrentNumber` a live channel may be created with (a create asking more is refused, code 10012) and the operator may set; 0 in a create means no limit',
  graceSeconds: 'a viewer, uploader or call whose once-a-minute reports stop is taken as gone after this long; also when "the media server stopped calling" is announced',
  adoptUnknownChannels: 'an event for a channel never seen created (made while this server was down) adopts it instead of answering "0" (code 10004)',
  unsupportedReply: "the answer to an action no family handles (a newer media server's): `allow` keeps that feature working",
  liveProxyServer: "liveProxyServer's address (e.g. `http://10.0.0.5:19932`): pulled channels are then also stopped at once through its `/close` and `/delete`",
  defaultChatRoomLimit: 'member limit of a chat room created with `conCurrentNumber` 0 (which would lock everyone out) and of an adopted room',
  adoptUnknownChatRooms: 'an IS_EXIST for a room never seen created is answered "1" with a guessed creator, instead of "0" (code 10019)',
  chatRoomPlaceholderCreator: 'creator given to an adopted room when no live channel names one: an id no real user has',
  groupMaxMembers: 'most members a group may have; a create or add beyond it is refused (code 10023)',
  allowGroupSystemPush: 'let clients push system messages to users and groups (the reference eventCenter refuses them)',
  maxCallMinutes: 'a call is ended at this many minutes: the report of that minute is answered "0"; 0: no limit',
  upstreamAec: "[forward mode](#forward-mode-in-front-of-the-studios-eventcenter): the studio's own eventCenter, asked first for every callback; empty: standalone",
  upstreamTimeoutMs: 'forward mode: longest wait for the eventCenter; also bounded by what is left of the answer budget',
  normaliseUpstreamReplies: 'forward mode: rewrite eventCenter replies 2.9.6 cannot read (numbers in data, whitespace, a snapshot without groupList) into ones it can, and count each',
  upstreamDegradedCreates: 'forward mode: while the eventCenter is down, answer channel and chat-room creates "1" and replay them to it later (off: "0", the user retries); never group creates',
  whenStorageFails: 'while the data folder cannot be written: `keepShowsRunning` answers as decided and keeps the changes queued until the disk recovers; `refuseChanges` answers every change "0" (code 10016)',
  backupEveryHours: 'hours between automatic backups; 0 turns them off',
  backupKeep: 'automatic backups kept, newest first',
  backupDir: 'where automatic backups go; empty: `backups/` in the data folder',
  auditRetentionDays: 'days of audit log kept',
  auditMaxMegabytes: 'most the audit log may take on disk; the oldest days go first',
  historyRetentionDays: 'days of hourly and per-user traffic history and of call minutes kept (per-minute buckets: 48 hours)',
  webhooks: 'where alerts are posted ([Alerts to your phone](#alerts-to-your-phone-webhooks)); `--webhook` sets generic JSON targets instead',
  metricsChannelLabels: 'channels with their own `/metrics` series (the busiest); the others are summed as `channel="other"`',
  silenceWarnSeconds: "the dashboard's studio health turns amber after this much media-server silence",
  silenceAlarmSeconds: '… and red after this much',
  notifications: 'which desktop notifications are shown',
};

/** Forward mode: the answer when the eventCenter gives no usable answer in time, per role (server/domain/forward/fallback.ts). */
const FALLBACKS: Record<ActionRole, { answer: string; replayed: string }> = {
  report: {
    answer: 'our own decision: "1" unless one of the operator\'s levers says no (closed channel, ban, kick, full channel, ended call, minute cap); shows and calls keep running',
    replayed: 'no',
  },
  admit: {
    answer: 'our own decision, with upload and watch rights taken as granted and unknown channels adopted: "1" unless a lever or one of our settings says no (a ban, a full channel, `allowGroupSystemPush`)',
    replayed: 'no',
  },
  teardown: {
    answer: '"1" (it is over on the media server whatever we answer); what our own rules accept of it is applied to our state',
    replayed: 'yes: kept on disk, sent once the eventCenter answers again, oldest first, at least once',
  },
  query: {
    answer: 'from what we learned, which may be stale: a known room\'s creator and limit, a known group\'s members, a stored push mode else `"2"`; an unknown room or group gets "0" (no room is adopted with an invented creator)',
    replayed: 'no',
  },
  create: {
    answer: '"0" (code 10027): the user retries. With `upstreamDegradedCreates` on, channel and chat-room creates are decided by our rules instead; a group create is always "0" (a group id is only ever issued by the eventCenter)',
    replayed: 'only the creates answered "1" under `upstreamDegradedCreates`',
  },
  change: {
    answer: '"0" (code 10027): changes are only made by the eventCenter; the user retries',
    replayed: 'no',
  },
};

/** A Markdown table cell: no pipes or line breaks from the text break the table. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function oneCarries(facts: ActionFacts): string {
  return facts.syncAll ? SNAPSHOT : ONE_CARRIES[facts.kind];
}

export function renderActionsTable(): string {
  const rows = ACTION_NAMES.map((name: ActionName) => {
    const facts: ActionFacts = factsOf(name)!;
    return [`\`${name}\``, facts.family, facts.role, facts.sentBy296 ? 'yes' : 'no', oneCarries(facts), ZERO_DOES[facts.kind]];
  });
  return table(['action', 'family', 'role', 'sent by 2.9.6', 'our "1" carries', 'a "0" on the media server'], rows);
}

export function renderFallbacksTable(): string {
  const rows = ACTION_ROLES.map((role) => {
    const actions = ACTION_NAMES.filter((name) => factsOf(name)!.role === role).map((name) => `\`${name}\``);
    return [role, actions.join(', '), FALLBACKS[role].answer, FALLBACKS[role].replayed];
  });
  return table(['role', 'actions', 'answer while the eventCenter gives no usable answer', 'sent to it later'], rows);
}

/** `32` `AECERRID_AEC_AUTH_FAILED`: an index of the 2.9.6 error table and the name the client is shown. */
function wireName(index: number): string {
  return `\`${index}\` ${MEDIA_SERVER_ERROR_NAMES[index] ?? '(outside the table!)'}`;
}

/** The index sent for a code, grouped by the families that get the same one. */
function wireChoices(code: number): string {
  const byIndex = new Map<number, string[]>();
  const add = (index: number, who: string): void => {
    const list = byIndex.get(index);
    if (list) list.push(who);
    else byIndex.set(index, [who]);
  };
  for (const family of ACTION_FAMILIES) add(wireIndexFor(code, family), family);
  add(wireIndexFor(code, 'unknown'), 'unknown actions');
  if (byIndex.size === 1) return wireName([...byIndex.keys()][0]!);
  return [...byIndex].map(([index, who]) => `${wireName(index)} (${who.join(', ')})`).join('; ');
}

export function renderDenyCodesTable(): string {
  const rows = DENY_REASONS.map((reason) => {
    const facts = DENY_CODES[reason];
    return [String(facts.code), `\`${reason}\``, facts.meaning, wireChoices(facts.code)];
  });
  return table(['our code', 'reason', 'meaning', 'sent on the wire: index and the name the client sees'], rows);
}

function valueText(value: unknown): string {
  if (value === null) return 'none';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map((item) => `\`${String(item)}\``).join(', ');
  if (typeof value === 'object') {
    const on = Object.entries(value as Record<string, boolean>).filter(([, enabled]) => enabled).map(([key]) => key);
    if (on.length === 0) return 'all off';
    return on.length === Object.keys(value).length ? 'all on' : on.map((key) => `\`${key}\``).join(', ');
  }
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return `\`${String(value)}\``;
}

function rangeText(descriptor: SettingDescriptor): string {
  switch (descriptor.kind) {
    case 'integer':
      return `${descriptor.min}–${descriptor.max}`;
    case 'port':
      return '0–65535';
    case 'choice':
      return descriptor.options.map((option) => `\`${option}\``).join(', ');
    case 'boolean':
      return 'on, off';
    case 'host':
      return 'an address';
    case 'url':
      return 'an http(s) URL, or none';
    case 'secret':
      return 'a text, or none';
    case 'cidrList':
      return 'CIDRs, comma-separated';
    case 'switches':
      return descriptor.keys.map((key) => `\`${key}\``).join(', ');
    case 'webhookList':
      return 'targets (URL, format, news)';
    case 'folder':
      return 'a folder, or none';
    case 'text':
      return 'a text, not empty';
  }
}

export function renderSettingsTable(): string {
  const rows = SETTING_KEYS.map((key) => {
    const descriptor: SettingDescriptor = SETTINGS[key];
    const unit = descriptor.kind === 'integer' ? (descriptor.unit ?? '') : '';
    const desktop = descriptor.desktopOnly ? ' (desktop app only)' : '';
    return [
      `\`${key}\``,
      descriptor.section,
      valueText(descriptor.default),
      rangeText(descriptor),
      unit,
      descriptor.flag ? `\`--${descriptor.flag}\`` : '',
      descriptor.env ? `\`${descriptor.env}\`` : '',
      descriptor.restart ? 'yes' : 'no',
      `${SETTING_NOTES[key]}${desktop}`,
    ];
  });
  const settingsTable = table(['setting', 'section', 'default', 'values', 'unit', 'flag', 'environment', 'needs a restart', 'what it does'], rows);
  const plainFlags = CLI_FLAGS.filter((flag) => flag.setting === undefined).map((flag) => [`\`--${flag.flag}\``, `\`${flag.env}\``, FLAG_HELP[flag.flag] ?? '']);
  return `${settingsTable}\n\nTwo flags are not settings (they say where the settings are, and who may change them):\n\n${table(['flag', 'environment', 'what'], plainFlags)}`;
}

/** The generated blocks of README.md, by marker name. */
export const BLOCKS = {
  actions: renderActionsTable,
  'deny-codes': renderDenyCodesTable,
  settings: renderSettingsTable,
  'forward-fallbacks': renderFallbacksTable,
} as const satisfies Record<string, () => string>;

export type BlockName = keyof typeof BLOCKS;
export const BLOCK_NAMES = Object.keys(BLOCKS) as BlockName[];

/** What goes between a block's markers: the note that it is generated, then the table. */
export function renderBlock(name: BlockName): string {
  return `${EDIT_NOTE}\n\n${BLOCKS[name]()}`;
}

function markers(name: string): { open: string; close: string } {
  return { open: `<!-- generated:${name} -->`, close: `<!-- /generated:${name} -->` };
}

/** The text between a block's markers in `document` (trimmed), or undefined when the markers are missing. */
export function blockIn(document: string, name: string): string | undefined {
  const { open, close } = markers(name);
  const start = document.indexOf(open);
  const end = document.indexOf(close, start + open.length);
  if (start < 0 || end < 0) return undefined;
  return document.slice(start + open.length, end).trim();
}

/** `document` with every block rewritten; throws when a block's markers are missing. */
export function withBlocks(document: string): string {
  let text = document;
  for (const name of BLOCK_NAMES) {
    const { open, close } = markers(name);
    const start = text.indexOf(open);
    const end = text.indexOf(close, start + open.length);
    if (start < 0 || end < 0) throw new Error(`README.md has no ${open} … ${close} markers for the ${name} table`);
    text = `${text.slice(0, start + open.length)}\n${renderBlock(name)}\n${text.slice(end)}`;
  }
  return text;
}

function main(argv: readonly string[]): number {
  const current = readFileSync(README_PATH, 'utf8');
  const next = withBlocks(current);
  if (argv.includes('--check')) {
    if (next === current) return 0;
    console.error('README.md: the generated tables are out of date; run `npm run docs`.');
    return 1;
  }
  if (next === current) {
    console.log(`README.md: the tables (${BLOCK_NAMES.join(', ')}) were up to date.`);
    return 0;
  }
  writeFileSync(README_PATH, next);
  console.log(`README.md: rewrote the tables ${BLOCK_NAMES.join(', ')} from server/contract.`);
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
