// Alerts to a phone, end to end: the core's notices reach the configured webhooks through real
// callbacks, a failed delivery shows in the audit log, the Settings view's test button
// (POST /api/webhooks/test), and the `--webhook URL` flag of `serve`.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditEntry, SettingsResponse, WebhookTestResponse } from '../../server/contract';
import { SYSTEM_AUDIT_ACTIONS } from '../../server/contract';
import { aec, sendCallback } from '../support/aec-client';
import { startHarness, tempDataDir, removeDir, type Harness } from '../support/harness';
import { serveArgs, startServe, stopServe } from '../support/serve-process';
import { ACCEPTED, startReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const OWNER = '577175';

async function goLive(call: (payload: Record<string, unknown>) => Promise<{ status: string }>, channelId: string): Promise<void> {
  for (const step of [aec.createGlobal(channelId, OWNER, '10'), aec.applyUpload(channelId, OWNER), aec.uploading(channelId, OWNER)]) {
    const reply = await call(step);
    if (reply.status !== '1') throw new Error(`${String(step.action)} refused: ${JSON.stringify(reply)}`);
  }
}

/** Reads the audit log until an entry of `action` shows (delivery runs beside the callbacks). */
async function auditEntry(t: Harness, action: string): Promise<AuditEntry> {
  for (let i = 0; i < 200; i += 1) {
    const [entry] = await t.get<AuditEntry[]>(`/api/audit?action=${encodeURIComponent(action)}`);
    if (entry) return entry;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${action} entry in the audit log`);
}

describe('configured webhooks', () => {
  let bot: WebhookReceiver;
  let broken: WebhookReceiver;
  let t: Harness;
  beforeAll(async () => {
    bot = await startReceiver(() => ACCEPTED.dingtalk);
    broken = await startReceiver(() => ({ status: 404, body: '{"errcode":300001,"errmsg":"token is not exist"}' }));
    t = await startHarness({
      webhooks: [
        { url: `${bot.origin}/robot/send?access_token=abc`, format: 'dingtalk', events: ['channelLive'] },
        { url: `${broken.origin}/robot/send?access_token=gone`, format: 'dingtalk', events: ['channelLive'] },
      ],
    });
  });
  afterAll(async () => {
    await t.stop();
    await bot.close();
    await broken.close();
  });

  test('a channel going live is posted to the DingTalk bot in its text message form', async () => {
    await goLive(t.call, 'Wz@NWuVjHook0001');
    expect((await bot.nth(1)).body).toEqual({
      msgtype: 'text',
      text: { content: expect.stringContaining('AEC Live Monitor · Channel live\nChannel Wz@NWuVjHook0001 is on air.') },
    });
  });

  test('a target that refuses is recorded in the audit log, and the callbacks were answered all the same', async () => {
    const entry = await auditEntry(t, SYSTEM_AUDIT_ACTIONS.webhookFailed);
    expect(entry).toMatchObject({ decision: 'error', channelId: 'Wz@NWuVjHook0001' });
    expect(entry.reason).toContain('not delivered to the dingtalk webhook at 127.0.0.1');
    expect(entry.reason).toContain('HTTP 404');
    expect(entry.reason).not.toContain('access_token');
    expect(broken.received).toHaveLength(1); // a 404 is not asked again
  });

  test('POST /api/webhooks/test sends to every configured target, or the index-th, and says how each went', async () => {
    const all = await t.post('/api/webhooks/test', {});
    expect(all.status).toBe(200);
    const { results } = (await all.json()) as WebhookTestResponse;
    expect(results).toEqual([
      { url: `${bot.origin}/robot/send?access_token=abc`, ok: true, status: 200, error: null },
      { url: `${broken.origin}/robot/send?access_token=gone`, ok: false, status: 404, error: expect.stringContaining('HTTP 404') },
    ]);
    const before = bot.received.length;
    const one = (await (await t.post('/api/webhooks/test', { index: 0 })).json()) as WebhookTestResponse;
    expect(one.results.map((r) => r.ok)).toEqual([true]);
    expect(bot.received).toHaveLength(before + 1);
    expect(JSON.stringify(bot.received.at(-1)?.body)).toContain('Test message');
  });

  test('POST /api/webhooks/test with a target not saved yet tries that one', async () => {
    const slack = await startReceiver(() => ACCEPTED.slack);
    try {
      const res = await t.post('/api/webhooks/test', { target: { url: `${slack.origin}/services/T/B/X`, format: 'slack', events: [] } });
      expect(((await res.json()) as WebhookTestResponse).results).toEqual([{ url: `${slack.origin}/services/T/B/X`, ok: true, status: 200, error: null }]);
      expect((await slack.nth(1)).body).toEqual({ text: expect.stringContaining('Test message') });
    } finally {
      await slack.close();
    }
  });

  test('POST /api/webhooks/test refuses what it cannot send, in a sentence', async () => {
    const cases: [unknown, string][] = [
      [{ index: 5 }, 'there is no webhook number 5: 2 are set'],
      [{ target: { url: 'ftp://x', format: 'json', events: [] } }, ''],
      [{ target: { url: 'http://127.0.0.1:1/', format: 'teams', events: [] } }, ''],
      [{ index: 0, target: { url: 'http://127.0.0.1:1/', format: 'json', events: [] } }, 'either index or target'],
    ];
    for (const [body, sentence] of cases) {
      const res = await t.post('/api/webhooks/test', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: string }).error).toContain(sentence);
    }
  });
});

test('POST /api/webhooks/test with none set says how to add one', async () => {
  const t = await startHarness();
  try {
    const res = await t.post('/api/webhooks/test', {});
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('no webhook is set: add one in the settings (Alerts), or send a target to test');
  } finally {
    await t.stop();
  }
});

test('serve --webhook URL takes every kind of notice and posts them as JSON to that URL', async () => {
  const receiver = await startReceiver();
  const dir = await tempDataDir();
  const server = await startServe(serveArgs(dir, ['--webhook', `${receiver.origin}/alerts`]));
  try {
    const settings = (await (await fetch(new URL('/api/settings', server.adminUrl), { headers: { Authorization: `Bearer ${server.token}` } })).json()) as SettingsResponse;
    expect(settings.settings.webhooks).toEqual([
      { url: `${receiver.origin}/alerts`, format: 'json', events: ['mediaServerSilent', 'channelLive', 'channelStale', 'storeError', 'upstreamDown'] },
    ]);
    expect(settings.sources.webhooks).toBe('flag');
    await goLive((payload) => sendCallback(server.callbackUrl, payload), 'Wz@NWuVjFlag0001');
    const post = await receiver.nth(1);
    expect(post.path).toBe('/alerts');
    expect(post.body).toMatchObject({
      source: 'aec-live-monitor',
      kind: 'channelLive',
      title: 'Channel live',
      notice: { kind: 'channelLive', channelId: 'Wz@NWuVjFlag0001' },
    });
  } finally {
    await stopServe(server);
    await receiver.close();
    await removeDir(dir);
  }
});
