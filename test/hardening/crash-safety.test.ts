// kill -9 at random moments under load, many times, restarting on the same folder each time.
// Every answered callback must be in the state, and nothing twice: the bytes of answered
// PLAYING reports are all there, and any surplus is explained by reports that were in flight
// at the kill. Then the media server's retry of those in-flight reports (same ts) must not
// count them again: the totals become exact.

import { Agent } from 'node:http';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { ChannelDetail, ChannelRow, Summary } from '../../server/contract';
import { tempDataDir, removeDir } from '../support/harness';
import { pctEncode } from './helpers/hostile';
import { send } from '../support/raw-http';
import { killServe, serveArgs, startServe, stopServe, type ServeProcess } from '../support/serve-process';

const TOKEN = 'crash-safety-admin-token-0123456789';
const CHANNELS = 4;
const VIEWERS = 6; // per channel
const REPORTS_PER_ROUND = 300; // per viewer: more than fits before the kill
const ROUNDS = 6;

const seed = Number(process.env.AEC_CRASH_SEED ?? Date.now() % 1_000_000);
function prng(start: number): () => number {
  let a = start >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const random = prng(seed);

const channelId = (c: number) => `Wz@Crash_${c}-chan__`.slice(0, 16);
const viewerId = (c: number, v: number) => `${600_000 + c * 100 + v}`;
/** Distinct, recognisable discharges: a lost or doubled report shows in the sums. */
const dischargeOf = (c: number, v: number, k: number) => 1_000_000 * (k + 1) + 1_000 * c + v;

type Payload = Record<string, string>;
interface Viewer {
  c: number;
  v: number;
  online: 'todo' | 'answered';
  nextReport: number;
  /** The request sent but not answered when the server died: the media server will retry it. */
  inFlight: Payload | null;
}

const dirs: string[] = [];
let server: ServeProcess | null = null;
afterAll(async () => {
  if (server) await killServe(server);
  for (const dir of dirs) await removeDir(dir);
});

async function callback(url: string, payload: Payload, agent: Agent): Promise<'1' | '0'> {
  const reply = await send(url, { method: 'GET', path: `/aec?data=${pctEncode(JSON.stringify(payload))}` }, agent);
  if (reply.status !== 200) throw new Error(`HTTP ${reply.status}`);
  return (JSON.parse(reply.body) as { status: '1' | '0' }).status;
}

async function adminGet<T>(path: string): Promise<T> {
  const res = await fetch(new URL(path, server!.adminUrl), { headers: { Authorization: `Bearer ${TOKEN}` } });
  if (res.status !== 200) throw new Error(`${path} -> ${res.status}`);
  return (await res.json()) as T;
}

describe('SIGKILL at random moments during a load, restart on the same folder', () => {
  test(`${ROUNDS} kills: every answered callback is in the state exactly once (seed ${seed})`, { timeout: 180_000 }, async () => {
    const dir = await tempDataDir('aec-hardening-crash-');
    dirs.push(dir);
    // No session may age out between rounds: what is missing is then lost, not aged.
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ graceSeconds: 3600 }));

    const viewers: Viewer[] = [];
    for (let c = 0; c < CHANNELS; c++) for (let v = 0; v < VIEWERS; v++) viewers.push({ c, v, online: 'todo', nextReport: 0, inFlight: null });
    const created = new Set<number>();
    const answeredBytes = new Map<number, number>(); // per channel
    let refusals = 0;
    let answeredTotal = 0;

    const answered = (payload: Payload): void => {
      answeredTotal++;
      if (payload.action !== 'AEC_LIVE_USER_PLAYING') return;
      const c = Number(payload.c);
      answeredBytes.set(c, (answeredBytes.get(c) ?? 0) + Number(payload.discharge));
    };
    const sendTracked = async (url: string, viewer: Viewer | null, payload: Payload, agent: Agent): Promise<boolean> => {
      if (viewer) viewer.inFlight = payload;
      let status: '1' | '0';
      try {
        status = await callback(url, payload, agent);
      } catch {
        return false; // the server died with this request in flight
      }
      if (viewer) viewer.inFlight = null;
      if (status === '0') refusals++;
      else answered(payload);
      return true;
    };
    const createPayload = (c: number): Payload => ({
      ts: '1561699571', action: 'AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC', userId: `owner-${c}`, roomId: 'a4aDXK2lEWucjFTB',
      channelId: channelId(c), conCurrentNumber: '0', extra: `crash ${c}`,
    });
    const nextPayload = (viewer: Viewer): Payload => {
      const { c, v } = viewer;
      if (viewer.online === 'todo') return { ts: '1561699571', action: 'AEC_LIVE_USER_ONLINE', userId: viewerId(c, v), channelId: channelId(c), time: '1561699571', c: String(c) };
      const k = viewer.nextReport;
      const ts = String(1_561_700_000 + k * 60);
      return { ts, action: 'AEC_LIVE_USER_PLAYING', userId: viewerId(c, v), channelId: channelId(c), time: ts, discharge: String(dischargeOf(c, v, k)), c: String(c) };
    };
    const advance = (viewer: Viewer, payload: Payload): void => {
      if (payload.action === 'AEC_LIVE_USER_ONLINE') viewer.online = 'answered';
      else viewer.nextReport++;
    };

    /** What the restarted server holds, checked against what was answered. */
    const check = async (when: string, exact: boolean): Promise<void> => {
      const rows = await adminGet<ChannelRow[]>('/api/channels?includeDeleted=1');
      const summary = await adminGet<Summary>('/api/summary');
      let inFlightBytes = 0;
      for (const viewer of viewers) if (viewer.inFlight?.discharge) inFlightBytes += Number(viewer.inFlight.discharge);
      const answeredSum = [...answeredBytes.values()].reduce((a, b) => a + b, 0);
      expect(summary.bytesTotal, `${when}: bytesTotal vs answered ${answeredSum} (+ ${inFlightBytes} in flight)`).toBeGreaterThanOrEqual(answeredSum);
      expect(summary.bytesTotal, `${when}: bytes beyond answered + in flight = duplicates`).toBeLessThanOrEqual(answeredSum + (exact ? 0 : inFlightBytes));
      for (const c of created) {
        const row = rows.find((r) => r.id === channelId(c));
        expect(row, `${when}: answered create of ${channelId(c)}`).toBeDefined();
        const detail = await adminGet<ChannelDetail>(`/api/channels/${encodeURIComponent(channelId(c))}`);
        const users = new Set(detail.sessions.map((s) => s.userId));
        for (const viewer of viewers.filter((x) => x.c === c && x.online === 'answered')) {
          expect(users.has(viewerId(c, viewer.v)), `${when}: answered ONLINE of ${viewerId(c, viewer.v)} on ${channelId(c)}`).toBe(true);
        }
        const mine = answeredBytes.get(c) ?? 0;
        const flying = viewers.filter((x) => x.c === c && x.inFlight?.discharge).reduce((n, x) => n + Number(x.inFlight!.discharge), 0);
        expect(detail.channel.bytes, `${when}: bytes of ${channelId(c)}`).toBeGreaterThanOrEqual(mine);
        expect(detail.channel.bytes, `${when}: bytes of ${channelId(c)}`).toBeLessThanOrEqual(mine + (exact ? 0 : flying));
      }
    };

    const kills: string[] = [];
    for (let round = 1; round <= ROUNDS + 1; round++) {
      server = await startServe(serveArgs(dir, [], TOKEN));
      const url = server.callbackUrl;
      const agent = new Agent({ keepAlive: true, maxSockets: 24 });
      try {
        if (round > 1) {
          await check(`after kill ${round - 1}, before retries`, false);
          // The media server retries what it got no answer for (same payload, same ts).
          for (const viewer of viewers) {
            const retry = viewer.inFlight;
            if (!retry) continue;
            expect(await sendTracked(url, viewer, retry, agent)).toBe(true);
            advance(viewer, retry);
          }
          await check(`after kill ${round - 1} and the retries`, true);
        }
        if (round === ROUNDS + 1) break;

        for (let c = 0; c < CHANNELS; c++) {
          if (created.has(c)) continue;
          if (await sendTracked(url, null, createPayload(c), agent)) created.add(c);
        }
        const killAfterMs = 100 + Math.floor(random() * 1_400);
        let killed = false;
        const load = Promise.all(
          viewers.map(async (viewer) => {
            for (let i = 0; i < REPORTS_PER_ROUND && !killed; i++) {
              const payload = nextPayload(viewer);
              if (!(await sendTracked(url, viewer, payload, agent))) return;
              advance(viewer, payload);
            }
          }),
        );
        await new Promise((resolve) => setTimeout(resolve, killAfterMs));
        await killServe(server);
        killed = true;
        await load;
        const flying = viewers.filter((v) => v.inFlight).length;
        kills.push(`kill ${round} at ${killAfterMs} ms: ${answeredTotal} answered so far, ${flying} in flight`);
      } finally {
        agent.destroy();
      }
    }
    expect(refusals).toBe(0);
    expect(answeredTotal).toBeGreaterThan(ROUNDS * 50);
    console.log(`crash safety (seed ${seed}):\n  ${kills.join('\n  ')}`);
    expect(await stopServe(server!)).toBe(0);
    server = null;
  });
});
