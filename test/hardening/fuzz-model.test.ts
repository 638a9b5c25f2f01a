// Model-based: random sequences of valid-ish live events (and operator actions) over a few
// channel ids and user ids. After every step the real answer and the channel read back through
// the admin API must match a small model of the rules; afterwards the invariants hold and the
// data folder loads the same state.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tempDataDir, removeDir, startHarness, type Harness } from '../support/harness';
import { durableView, invariantViolations, readState } from './helpers/invariants';
import { CreateChannel, EndChannel, OperatorAction, UserOffline, UserOnline, UserPlaying, type LiveModel, type LiveReal } from './helpers/live-model';

const CHANNELS = ['c0', 'c1', 'c2'];
const USERS = ['577175', '892500', 'u-3', 'u-4'];

let dir = '';
let h: Harness;
let run = 0;
let steps = 0;

beforeAll(async () => {
  dir = await tempDataDir('aec-hardening-model-');
  h = await startHarness({ dataDir: dir });
});

afterAll(async () => {
  console.log(`model-based: ${run} runs, ${steps} steps`);
  await h?.stop();
  if (dir) await removeDir(dir);
});

describe('model-based sequences of live events', () => {
  test('answers and channels match the model after every step', { timeout: 120_000 }, async () => {
    const channel = fc.constantFrom(...CHANNELS);
    const user = fc.constantFrom(...USERS);
    const commands = [
      fc.tuple(channel, user, fc.constantFrom('0', '1', '2', '3', '500', '501', '-1', '1.5', '1e3', ' 2 ')).map(([c, u, cap]) => new CreateChannel(c, u, cap)),
      fc.tuple(channel, user).map(([c, u]) => new UserOnline(c, u)),
      fc.tuple(channel, user).map(([c, u]) => new UserOnline(c, u)),
      fc.tuple(channel, user, fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 3 })).map(([c, u, d, ts]) => new UserPlaying(c, u, d, 1_561_083_200 + ts * 60)),
      fc.tuple(channel, user, fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 3 })).map(([c, u, d, ts]) => new UserPlaying(c, u, d, 1_561_083_200 + ts * 60)),
      fc.tuple(channel, user, fc.integer({ min: 0, max: 1_000_000 })).map(([c, u, d]) => new UserOffline(c, u, d)),
      fc.tuple(channel, user, fc.boolean()).map(([c, u, remove]) => new EndChannel(c, u, remove)),
      fc.tuple(channel, fc.constantFrom('close', 'reopen', 'delete', 'kick') as fc.Arbitrary<'close' | 'reopen' | 'delete' | 'kick'>, user).map(
        ([c, verb, u]) => new OperatorAction(c, verb, u),
      ),
    ];
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 60, size: 'max' }), async (cmds) => {
        run += 1;
        const model: LiveModel = { channels: new Map() };
        const real: LiveReal = { h, ns: `Wz@m${run}_` };
        await fc.asyncModelRun(() => ({ model, real }), cmds);
        steps += [...cmds].length;
      }),
      { numRuns: 60 },
    );
  });

  test('afterwards: invariants hold and the data folder loads the same state', { timeout: 60_000 }, async () => {
    expect((await fetch(new URL('/healthz', h.callbackUrl))).status).toBe(200);
    const before = await readState(h.get.bind(h));
    expect(before.channels.length).toBeGreaterThan(0);
    expect(invariantViolations(before)).toEqual([]);
    await h.stop();
    const again = await startHarness({ dataDir: dir });
    try {
      const after = await readState(again.get.bind(again));
      expect(invariantViolations(after)).toEqual([]);
      expect(durableView(after)).toEqual(durableView(before));
    } finally {
      await again.stop();
    }
  });
});
