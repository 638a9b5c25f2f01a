// Settings read and changed from the admin API: validated whole, applied at once where they
// can be, flagged restartRequired where the listeners must be rebuilt, kept in settings.json.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SettingsResponse } from '../../server/contract';
import { startHarness, type Harness } from '../support/harness';
import { aec, channelId, userId, denied } from '../support/aec-client';

let t: Harness;
beforeAll(async () => {
  t = await startHarness();
});
afterAll(async () => {
  await t.stop();
});

const put = (body: unknown) =>
  t.admin('/api/settings', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const current = () => t.get<SettingsResponse>('/api/settings');

describe('GET /api/settings', () => {
  test('the effective settings, nothing pending, no admin token in them', async () => {
    const { settings, restartRequired } = await current();
    expect(settings).toMatchObject({ callbackHost: '127.0.0.1', maxCapacity: 500, graceSeconds: 150, adoptUnknownChannels: true, unsupportedReply: 'allow', guardToken: null, requireSign: false, answerBudgetMs: 1000 });
    expect(restartRequired).toEqual([]);
    expect(JSON.stringify(settings)).not.toContain(t.app.adminToken);
  });
});

describe('PUT /api/settings', () => {
  test('a bad value is a 400 naming the field; nothing is changed', async () => {
    const before = await current();
    const cases: [unknown, RegExp][] = [
      [{ graceSeconds: 5 }, /graceSeconds/],
      [{ maxCapacity: -1 }, /maxCapacity/],
      [{ maxCapacity: 'lots' }, /maxCapacity/],
      [{ unsupportedReply: 'maybe' }, /unsupportedReply/],
      [{ callbackPort: 70000 }, /callbackPort/],
      [{ liveProxyServer: 'not a url' }, /liveProxyServer/],
      [{ noSuchSetting: true }, /noSuchSetting|unrecognized/i],
      [{ maxCapacity: 100, graceSeconds: 1 }, /graceSeconds/],
    ];
    for (const [body, reason] of cases) {
      const res = await put(body);
      expect(res.status).toBe(400);
      const error = (await res.json()) as { error: string; code: string };
      expect(error.code).toBe('bad_request');
      expect(error.error).toMatch(reason);
    }
    expect(await current()).toEqual(before);
  });

  test('a body that is not JSON is a 400, not a 500', async () => {
    const res = await t.admin('/api/settings', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{nope' });
    expect(res.status).toBe(400);
  });

  test('decision settings apply at once: maxCapacity, unsupportedReply, adoptUnknownChannels', async () => {
    const res = await put({ maxCapacity: 50, unsupportedReply: 'deny', adoptUnknownChannels: false });
    expect(res.status).toBe(200);
    expect(((await res.json()) as SettingsResponse).settings).toMatchObject({ maxCapacity: 50, unsupportedReply: 'deny' });
    expect(await t.call(aec.createGlobal(channelId(), userId(), '60'))).toEqual(denied('capacityOutOfRange'));
    expect(await t.call(aec.createGlobal(channelId(), userId(), '50'))).toMatchObject({ status: '1' });
    expect(await t.call({ action: 'AEC_SOMETHING_NEWER', userId: '1' })).toEqual(denied('unsupported', 'access'));
    expect(await t.call(aec.online('Wz@NotAdopted_-1', userId()))).toEqual(denied('channelNotFound'));
    await put({ maxCapacity: 500, unsupportedReply: 'allow', adoptUnknownChannels: true });
  });

  test('a guard token set from the API is enforced at once, and removed again', async () => {
    expect((await put({ guardToken: 'from-the-dashboard' })).status).toBe(200);
    expect(await t.call({ action: 'AEC_ACCESS_VALIDATION', echostr: 'x' })).toEqual(denied('badSign'));
    expect((await put({ guardToken: null })).status).toBe(200);
    expect(await t.call({ action: 'AEC_ACCESS_VALIDATION', echostr: 'x' })).toEqual({ status: '1', data: 'x' });
  });

  test('ports need a restart: flagged, and kept in settings.json', async () => {
    const res = await put({ callbackPort: 9977, adminPort: 9978 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as SettingsResponse;
    expect(body.restartRequired).toEqual(expect.arrayContaining(['callbackPort', 'adminPort']));
    expect(body.restartRequired).not.toContain('maxCapacity');
    expect((await current()).restartRequired).toEqual(expect.arrayContaining(['callbackPort', 'adminPort']));
    const file = JSON.parse(await readFile(join(t.app.dataDir, 'settings.json'), 'utf8')) as Record<string, unknown>;
    expect(file).toMatchObject({ callbackPort: 9977, adminPort: 9978 });
    // The listener keeps answering where it is until the restart.
    expect(await t.call({ action: 'AEC_ACCESS_VALIDATION', echostr: 'still' })).toEqual({ status: '1', data: 'still' });
  });

  test('changed settings are there after a restart on the same data folder', async () => {
    expect((await put({ maxCapacity: 77, graceSeconds: 200 })).status).toBe(200);
    const dataDir = t.app.dataDir;
    await t.app.stop();
    const again = await startHarness({ dataDir });
    try {
      const { settings } = await again.get<SettingsResponse>('/api/settings');
      expect(settings).toMatchObject({ maxCapacity: 77, graceSeconds: 200 });
      expect(await again.call(aec.createGlobal(channelId(), userId(), '78'))).toEqual(denied('capacityOutOfRange'));
      expect(again.app.adminToken).toBe(t.app.adminToken);
    } finally {
      await again.app.stop();
    }
  });
});
