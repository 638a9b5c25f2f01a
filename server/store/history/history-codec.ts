// TrafficHistory in the snapshot file. Format 2: each bucket table as base64 columns
// (table-codec.ts), the global totals as [index, bytes] rows. Format 1 (rows of numbers per
// channel and user, written before 2026-12) is still read.

import type { HistoryMaps } from './buckets';
import type { TableCapture } from './bucket-pages';
import { chunkJSON, tableChunks, tableLoadSteps, tableToJSON, type TableJSON } from './table-codec';
import { rowsOf, type RowOf, type RowSpec } from '../rows';
import { JsonText } from '../json-text';

/** bucket index, viewers, uploaders, bytes */
const COUNTS_ROW = ['number', 'number', 'number', 'number'] as const satisfies RowSpec;
/** bucket index, bytesWatched, minutesWatched, minutesUploaded, lastSeenAt */
const USER_ROW = ['number', 'number', 'number', 'number', 'number'] as const satisfies RowSpec;
/** bucket index, bytes */
const TOTAL_ROW = ['number', 'number'] as const satisfies RowSpec;
export type CountsRow = RowOf<typeof COUNTS_ROW>;
export type UserRow = RowOf<typeof USER_ROW>;

export const TABLES = ['channelMinutes', 'channelHours', 'userHours', 'userDays'] as const;
type TableName = (typeof TABLES)[number];

export interface HistoryJSON extends Record<TableName, TableJSON> {
  format: 2;
  /** [index, bytes] */
  globalMinutes: [number, number][];
  globalHours: [number, number][];
}

export function historyToJSON(h: HistoryMaps): HistoryJSON {
  return {
    format: 2,
    channelMinutes: tableToJSON(h.channelMinutes),
    channelHours: tableToJSON(h.channelHours),
    globalMinutes: [...h.globalMinutes],
    globalHours: [...h.globalHours],
    userHours: tableToJSON(h.userHours),
    userDays: tableToJSON(h.userDays),
  };
}

/** The history frozen at one moment (cheap: pages are copied only when written afterwards). */
export interface HistoryCapture {
  globalMinutes: [number, number][];
  globalHours: [number, number][];
  tables: Record<TableName, TableCapture>;
  release(): void;
}

export function captureHistory(h: HistoryMaps): HistoryCapture {
  const tables = Object.fromEntries(TABLES.map((name) => [name, h[name].capture()])) as Record<TableName, TableCapture>;
  return {
    globalMinutes: [...h.globalMinutes],
    globalHours: [...h.globalHours],
    tables,
    release: () => TABLES.forEach((name) => tables[name].release()),
  };
}

/** historyToJSON's text, in pieces of a few milliseconds' work each. */
export function* historyPieces(c: HistoryCapture): Generator<string> {
  yield `{"format":2,"globalMinutes":${JSON.stringify(c.globalMinutes)},"globalHours":${JSON.stringify(c.globalHours)}`;
  for (const name of TABLES) {
    yield `,${JSON.stringify(name)}:{"width":${c.tables[name].schema.columns.length},"chunks":[`;
    let first = true;
    for (const chunk of tableChunks(c.tables[name])) {
      yield `${first ? '' : ','}${chunkJSON(chunk)}`;
      first = false;
    }
    yield ']}';
  }
  yield '}';
}

const rows = (value: unknown, spec: RowSpec): number[][] => rowsOf(value, spec) as number[][];

function entries(value: unknown): [string, unknown, unknown][] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (e): e is [string, unknown, unknown] => Array.isArray(e) && e.length === 3 && typeof e[0] === 'string',
  );
}

/** Fills `into` from JSON made by historyToJSON (either format); skips anything malformed. */
export function historyFromJSON(json: unknown, into: HistoryMaps): void {
  for (const _ of historyLoadSteps(json, into));
}

/**
 * historyFromJSON in steps: the global totals (small, read by the summary) at once, then the
 * tables one chunk per step.
 */
export function* historyLoadSteps(json: unknown, into: HistoryMaps): Generator<void> {
  if (json instanceof JsonText) {
    yield* historyTextLoadSteps(json, into);
    return;
  }
  if (typeof json !== 'object' || json === null) return;
  const j = json as Record<string, unknown>;
  for (const r of rows(j.globalMinutes, TOTAL_ROW)) into.globalMinutes.set(r[0]!, r[1]!);
  for (const r of rows(j.globalHours, TOTAL_ROW)) into.globalHours.set(r[0]!, r[1]!);
  if (j.format === 2) {
    for (const name of TABLES) yield* tableLoadSteps(j[name], into[name]);
    return;
  }
  const put = (table: HistoryMaps[TableName], id: string, list: number[][]): void => {
    // Oldest first, as putRows expects them; a repeated index keeps the last row, as before.
    for (const r of list.slice().sort((a, b) => b[0]! - a[0]!)) table.putRows(id, [r[0]!], r.slice(1).map((v) => [v]), 0, 1);
  };
  for (const [id, minutes, hours] of entries(j.channels)) {
    put(into.channelMinutes, id, rows(minutes, COUNTS_ROW));
    put(into.channelHours, id, rows(hours, COUNTS_ROW));
  }
  for (const [id, hours, days] of entries(j.users)) {
    put(into.userHours, id, rows(hours, USER_ROW));
    put(into.userDays, id, rows(days, USER_ROW));
  }
}

/**
 * The same from the history's JSON text (a snapshot read with it deferred): the totals at once,
 * then each table chunk parsed in its own step. Throws on malformed text, having loaded what came
 * before it.
 */
function* historyTextLoadSteps(text: JsonText, into: HistoryMaps): Generator<void> {
  let format: unknown;
  for (const [name, value] of text.members()) {
    if (name === 'format') format = value.parse();
    // Only format 2 is written deferred (historyPieces puts "format" first); anything else is read whole.
    if (format !== 2) {
      yield* historyLoadSteps(text.parse(), into);
      return;
    }
    if (name === 'globalMinutes') for (const r of rows(value.parse(), TOTAL_ROW)) into.globalMinutes.set(r[0]!, r[1]!);
    else if (name === 'globalHours') for (const r of rows(value.parse(), TOTAL_ROW)) into.globalHours.set(r[0]!, r[1]!);
    else if (isTableName(name)) yield* tableLoadSteps(value, into[name]);
  }
}

function isTableName(name: string): name is TableName {
  return (TABLES as readonly string[]).includes(name);
}
