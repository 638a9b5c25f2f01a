import type { CallEndReason } from '../../contract';

/** A one-to-one call: opened by VOIP_USER_ONLINE, a minute per PLAYING, closed by HANGUP. */
export interface Call {
  id: string;
  caller: string;
  callee: string;
  startedAt: number;
  lastReportAt: number;
  minutes: number;
  /** The operator asked to end it: the next PLAYING is answered "0". */
  ending: boolean;
  endedAt?: number;
  endReason?: CallEndReason;
  hungUpBy?: string;
  /** First seen at a PLAYING: its ONLINE was not seen. */
  adopted: boolean;
  /** `ts` of its ONLINE, to tell a retried ONLINE from a new call. */
  startTs?: number;
  /** `ts` of the last counted PLAYING, to ignore a retried duplicate. */
  lastReportTs?: number;
}

/** Ended calls kept for the dashboard's history (the audit log and history keep the rest). */
export const ENDED_CALLS_KEPT = 2_000;

export function callKey(caller: string, callee: string): string {
  return `${caller}\u0000${callee}`;
}
