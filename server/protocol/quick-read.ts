// The once-a-minute reports (a viewer's, an uploader's, a call's) and the joins are nearly all
// the traffic. Their payloads are read here with plain checks that accept exactly what their
// zod schemas (schemas.ts, family-schemas.ts) accept and build the same event; a payload these
// checks do not accept goes on to the zod schema, which also says what is wrong with it.
// test/unit/protocol-quick-read.test.ts holds the two together over random payloads.

import { ACTIONS, type ActionName } from '../contract';
import type { AecEventBody } from '../domain/events';
import { CONTROL_CHARS, integerText, lenientSecondsOf, MAX_DISCHARGE, MAX_ID_LENGTH } from './fields';

/** What `id` accepts, trimmed; undefined for anything it refuses. */
export function quickId(value: unknown): string | undefined {
  let text: string;
  if (typeof value === 'string') text = value.trim();
  else if (typeof value === 'number' && Number.isSafeInteger(value)) text = String(value);
  else return undefined;
  if (text.length === 0 || text.length > MAX_ID_LENGTH || CONTROL_CHARS.test(text) || !text.isWellFormed()) return undefined;
  return text;
}

/** What `optionalId` accepts: absent, null or blank is `null` (not sent); undefined = refused. */
function quickOptionalId(value: unknown): string | null | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return null;
  return quickId(value);
}

/** What `integer(min, max)` accepts; undefined for anything it refuses. */
function quickInteger(value: unknown, min: number, max: number): number | undefined {
  const n = integerText(value);
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined;
}

const CHANNEL_USER_KINDS = new Set(['applyUpload', 'setUploader', 'unsetUploader', 'uploaderDisconnect', 'uploaderUploading', 'closeChannel', 'deleteChannel', 'userOnline', 'applyDownload']);

/** The event of a frequent action read without zod, or undefined to let zod read (or refuse) it. */
export function quickEvent(action: string, json: Record<string, unknown>): AecEventBody | undefined {
  const facts = (ACTIONS as Record<string, (typeof ACTIONS)[ActionName] | undefined>)[action];
  if (!facts) return undefined;
  const kind = facts.kind;
  if (CHANNEL_USER_KINDS.has(kind)) {
    const channelId = quickId(json.channelId);
    const userId = quickId(json.userId);
    if (channelId === undefined || userId === undefined) return undefined;
    return { kind, action, channelId, userId } as AecEventBody;
  }
  if (kind === 'userPlaying' || kind === 'userOffline') return quickViewerTraffic(kind, action, json);
  if (kind === 'callOnline' || kind === 'callPlaying' || kind === 'callHangup') return quickCall(kind, action, json);
  return undefined;
}

function quickViewerTraffic(kind: 'userPlaying' | 'userOffline', action: string, json: Record<string, unknown>): AecEventBody | undefined {
  const channelId = quickId(json.channelId);
  const userId = quickId(json.userId);
  const discharge = quickInteger(json.discharge, 0, MAX_DISCHARGE);
  if (channelId === undefined || userId === undefined || discharge === undefined) return undefined;
  const time = lenientSecondsOf(json.time);
  return time === undefined ? { kind, action, channelId, userId, discharge } : { kind, action, channelId, userId, discharge, time };
}

function quickCall(kind: 'callOnline' | 'callPlaying' | 'callHangup', action: string, json: Record<string, unknown>): AecEventBody | undefined {
  const caller = quickId(json.userId);
  const callee = quickId(json.userId2);
  const hungUpBy = quickOptionalId(json.hangupUserId);
  if (caller === undefined || callee === undefined || hungUpBy === undefined) return undefined;
  return kind === 'callHangup' && hungUpBy !== null ? { kind, action, caller, callee, hungUpBy } : { kind, action, caller, callee };
}
