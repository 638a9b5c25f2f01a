// Thousands of generated hostile requests at the real callback listener. Afterwards the process
// is alive, every reply was a protocol reply or a 4xx, the state read through the admin API
// keeps its invariants, and the data folder loads again with the same channels.

import fc from 'fast-check';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fuzzAgent, protocolProblem, rawSocket, send, type RawReply, type RawRequest } from '../support/raw-http';
import { NASTY_IDS, pctEncode, requestArb } from './helpers/hostile';
import { actionsOf } from '../../server/contract';
import { tempDataDir, removeDir, startHarness, type Harness } from '../support/harness';
import { durableView, invariantViolations, readState } from './helpers/invariants';

let dir = '';
let h: Harness;
/** HTTP status (and protocol status) of every reply, for the closing tally. */
const tally = new Map<string, number>();
const problems: string[] = [];

function note(req: RawRequest, reply: RawReply): boolean {
  let key = String(reply.status);
  if (reply.status === 200) {
    try {
      key += `:${String((JSON.parse(reply.body) as { status?: unknown }).status)}`;
    } catch {
      key += ':unparsed';
    }
  }
  tally.set(key, (tally.get(key) ?? 0) + 1);
  const problem = protocolProblem(reply);
  if (problem !== null && problems.length < 20) {
    problems.push(`${req.method} ${req.path.slice(0, 160)} ${JSON.stringify(req.headers ?? {})} body=${String(req.body ?? '').slice(0, 160)} -> ${problem}`);
  }
  return problem === null;
}

beforeAll(async () => {
  dir = await tempDataDir('aec-hardening-fuzz-');
  // A small body limit, so the bodies around it are quick to send.
  await writeFile(join(dir, 'settings.json'), JSON.stringify({ maxBodyBytes: 16_384 }));
  h = await startHarness({ dataDir: dir });
});

afterAll(async () => {
  await h?.stop();
  fuzzAgent.destroy();
  if (dir) await removeDir(dir);
  // One line for the closing note: how the listener answered.
  console.log(`fuzz replies by HTTP status[:protocol status]: ${JSON.stringify(Object.fromEntries([...tally].sort()))}`);
});

describe('hostile requests at the real callback listener', () => {
  test('every generated request gets a protocol reply or a 4xx', { timeout: 90_000 }, async () => {
    // 450 runs x 8 concurrent requests = 3,600 requests.
    await fc.assert(
      fc.asyncProperty(fc.array(requestArb, { minLength: 8, maxLength: 8 }), async (requests) => {
        const replies = await Promise.all(requests.map((req) => send(h.callbackUrl, req)));
        return replies.every((reply, i) => note(requests[i]!, reply));
      }),
      { numRuns: 450 },
    );
    expect(problems).toEqual([]);
  });

  test('bodies around and over the limit, and bytes that are not HTTP at all', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 15_000, max: 40_000 }), fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain'), async (size, type) => {
        const body = type === 'application/x-www-form-urlencoded' ? `data=${'%7B'.repeat(Math.ceil(size / 3))}` : `{"action":"${'A'.repeat(size)}"}`;
        const reply = await send(h.callbackUrl, { method: 'POST', path: '/aec', headers: { 'Content-Type': type }, body });
        return note({ method: 'POST', path: '/aec', body: `<${body.length} bytes>` }, reply) && (Buffer.byteLength(body) <= 16_384 || reply.status === 413);
      }),
      { numRuns: 40 },
    );
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 300 }), async (bytes) => {
        // Half-close after the garbage: the server must answer 4xx or just close, never hang or crash.
        const outcome = await rawSocket(h.callbackUrl, Buffer.from(bytes), { endAfterWrite: true, giveUpMs: 5_000 });
        return outcome.closedByServer && (outcome.received === '' || /^HTTP\/1\.[01] 4\d\d /.test(outcome.received));
      }),
      { numRuns: 40 },
    );
    expect(problems).toEqual([]);
  });

  test('duplicated, reordered and concurrent events for known and unknown channels and sessions', { timeout: 90_000 }, async () => {
    const channels = ['Wz@NWuVj8Tx5aa4a', 'chan_B-123456789', NASTY_IDS[2], '频道-😀-١٢٣', 'never-created-01'];
    const users = ['577175', '892500', 'u-3', '__proto__', '用户'];
    const eventArb = fc
      .record({
        action: fc.constantFrom(...actionsOf('live')),
        channel: fc.constantFrom(...channels),
        user: fc.constantFrom(...users),
        capacity: fc.integer({ min: -5, max: 600 }),
        discharge: fc.integer({ min: 0, max: 5_000_000 }),
        ts: fc.integer({ min: 1_561_000_000, max: 1_561_000_030 }),
      })
      .map((e) => ({
        action: e.action,
        ts: String(e.ts),
        channelId: e.channel,
        userId: e.user,
        conCurrentNumber: String(e.capacity),
        discharge: String(e.discharge),
        time: String(e.ts),
        groupId: '42',
        specify: users.slice(0, 2).join(','),
        echostr: 'hi',
      }));
    const scheduleArb = fc
      .array(eventArb, { minLength: 5, maxLength: 30 })
      .chain((events) =>
        fc.tuple(
          fc.constant(events),
          fc.array(fc.nat(events.length - 1), { maxLength: events.length }), // which to send again
          fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: events.length * 2, maxLength: events.length * 2 }),
          fc.integer({ min: 1, max: 8 }),
        ),
      );
    await fc.assert(
      fc.asyncProperty(scheduleArb, async ([events, again, keys, concurrency]) => {
        const all = [...events, ...again.map((i) => events[i]!)];
        const order = all.map((event, i) => ({ event, key: keys[i] ?? 0 })).sort((a, b) => a.key - b.key).map((x) => x.event);
        for (let i = 0; i < order.length; i += concurrency) {
          const batch = order.slice(i, i + concurrency).map((event, k): RawRequest =>
            k % 2 === 0
              ? { method: 'GET', path: `/aec?data=${pctEncode(JSON.stringify(event))}` }
              : { method: 'POST', path: '/aec', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `data=${pctEncode(JSON.stringify(event))}` },
          );
          const replies = await Promise.all(batch.map((req) => send(h.callbackUrl, req)));
          if (!replies.every((reply, k) => note(batch[k]!, reply) && reply.status === 200)) return false;
        }
        return true;
      }),
      { numRuns: 60 },
    );
    expect(problems).toEqual([]);
  });

  test('afterwards: alive, invariants hold, and the data folder loads the same state', { timeout: 90_000 }, async () => {
    const health = await fetch(new URL('/healthz', h.callbackUrl));
    expect(health.status).toBe(200);
    const before = await readState(h.get.bind(h));
    expect(before.channels.length).toBeGreaterThan(0);
    expect(invariantViolations(before)).toEqual([]);
    // Every accepted channel id can be opened and acted on from the dashboard.
    expect(before.unreachable).toEqual([]);

    await h.stop();
    const again = await startHarness({ dataDir: dir });
    try {
      const after = await readState(again.get.bind(again));
      expect(invariantViolations(after)).toEqual([]);
      expect(durableView(after)).toEqual(durableView(before));
      expect(after.summary.store.ok).toBe(true);
    } finally {
      await again.stop();
    }
  });
});
