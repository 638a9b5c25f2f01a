// Webhook alerts against a loopback receiver: the body each bot expects, the repeat guard,
// per-target kinds, retries with back-off, and the audit entry when a delivery is given up.

import { afterEach, describe, expect, test } from 'vitest';
import type { Notice, WebhookFormat, WebhookTarget } from '../../server/contract';
import { SYSTEM_AUDIT_ACTIONS, WEBHOOK_FORMATS } from '../../server/contract';
import type { NewAuditEntry } from '../../server/core/audit-entry';
import { WebhookAlerts, type RetryPolicy } from '../../server/alerts/webhook-alerts';
import { ACCEPTED, startReceiver, type ScriptedAnswer, type WebhookReceiver } from '../support/webhook-receiver';

const QUICK: RetryPolicy = { retries: 2, firstPauseMs: 5, factor: 2, timeoutMs: 5_000 };
const LIVE: Notice = { kind: 'channelLive', channelId: 'Wz@NWuVj8Tx5aa4a' };

let receivers: WebhookReceiver[] = [];
let alerts: WebhookAlerts[] = [];
afterEach(async () => {
  for (const a of alerts.splice(0)) await a.stop();
  for (const r of receivers.splice(0)) await r.close();
});

async function receiver(answer?: (n: number) => ScriptedAnswer): Promise<WebhookReceiver> {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}

function dispatcher(targets: WebhookTarget[], audit: NewAuditEntry[] = []): WebhookAlerts {
  const a = new WebhookAlerts({ targets: () => targets, audit: { record: (entry) => audit.push(entry) }, now: Date.now, log: () => undefined, retry: QUICK, host: 'studio-pc' });
  alerts.push(a);
  return a;
}

const target = (r: WebhookReceiver, format: WebhookFormat, events: WebhookTarget['events'] = ['channelLive', 'channelStale', 'storeError', 'mediaServerSilent', 'upstreamDown']): WebhookTarget =>
  ({ url: `${r.origin}/hook/${format}?key=secret-key`, format, events });

describe('the message each receiver expects', () => {
  test.each(WEBHOOK_FORMATS)('%s', async (format) => {
    const r = await receiver(() => ACCEPTED[format]);
    const a = dispatcher([target(r, format)]);
    a.notice(LIVE);
    const post = await r.nth(1);
    expect(post.path).toBe(`/hook/${format}?key=secret-key`);
    expect(post.contentType).toMatch(/^application\/json/);
    const text = 'AEC Live Monitor · Channel live\nChannel Wz@NWuVj8Tx5aa4a is on air.';
    const expected: Record<WebhookFormat, unknown> = {
      json: {
        source: 'aec-live-monitor', host: 'studio-pc', at: expect.any(Number), kind: 'channelLive',
        title: 'Channel live', text: 'Channel Wz@NWuVj8Tx5aa4a is on air.', urgent: false, notice: LIVE,
      },
      wecom: { msgtype: 'text', text: { content: expect.stringContaining(text) } },
      dingtalk: { msgtype: 'text', text: { content: expect.stringContaining(text) } },
      feishu: { msg_type: 'text', content: { text: expect.stringContaining(text) } },
      slack: { text: expect.stringContaining(text) },
    };
    expect(post.body).toEqual(expected[format]);
    await a.settled();
  });

  test('a message names the machine it comes from', async () => {
    const r = await receiver(() => ACCEPTED.slack);
    const a = dispatcher([target(r, 'slack')]);
    a.notice({ kind: 'storeError', message: 'ENOSPC: no space left on device' });
    expect(((await r.nth(1)).body as { text: string }).text).toMatch(/Data store problem\nENOSPC: no space left on device\n\(studio-pc, \d{4}-/);
  });
});

describe('what is sent and what is held back', () => {
  test('the same news about the same thing goes out once; other news still goes', async () => {
    const r = await receiver();
    const a = dispatcher([target(r, 'json')]);
    a.notice(LIVE);
    a.notice(LIVE);
    a.notice({ kind: 'channelLive', channelId: 'another' });
    a.notice({ kind: 'channelStale', channelId: LIVE.channelId });
    await a.settled();
    expect(r.received.map((p) => (p.body as { notice: Notice }).notice)).toEqual([
      LIVE,
      { kind: 'channelLive', channelId: 'another' },
      { kind: 'channelStale', channelId: LIVE.channelId },
    ]);
  });

  test("each target gets only the kinds it takes", async () => {
    const phone = await receiver();
    const team = await receiver(() => ACCEPTED.slack);
    const a = dispatcher([target(phone, 'json', ['storeError']), target(team, 'slack', ['channelLive'])]);
    a.notice(LIVE);
    a.notice({ kind: 'storeError', message: 'disk full' });
    await a.settled();
    expect(phone.received.map((p) => (p.body as { kind: string }).kind)).toEqual(['storeError']);
    expect(team.received).toHaveLength(1);
    expect((team.received[0]!.body as { text: string }).text).toContain('Channel live');
  });
});

describe('retries and failures', () => {
  test('a receiver that fails twice then answers gets the alert on the third attempt, with no failure recorded', async () => {
    const audit: NewAuditEntry[] = [];
    const r = await receiver((n) => (n < 3 ? { status: 503, body: 'busy' } : ACCEPTED.json));
    const a = dispatcher([target(r, 'json')], audit);
    a.notice(LIVE);
    await a.settled();
    expect(r.received).toHaveLength(3);
    expect(audit).toEqual([]);
  });

  test('a receiver that keeps failing is tried three times, then the failure is in the audit log without the secret key', async () => {
    const audit: NewAuditEntry[] = [];
    const r = await receiver(() => ({ status: 502, body: 'Bad Gateway' }));
    const a = dispatcher([target(r, 'wecom')], audit);
    a.notice(LIVE);
    await a.settled();
    expect(r.received).toHaveLength(3);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: SYSTEM_AUDIT_ACTIONS.webhookFailed, decision: 'error', channelId: LIVE.channelId });
    expect(audit[0]!.reason).toContain('"Channel live" not delivered to the wecom webhook at 127.0.0.1');
    expect(audit[0]!.reason).toContain('after 3 attempts: HTTP 502: Bad Gateway');
    expect(audit[0]!.reason).not.toContain('secret-key');
  });

  test('a bot that refuses the message (HTTP 200 with an error code) is not asked again', async () => {
    const audit: NewAuditEntry[] = [];
    const r = await receiver(() => ({ status: 200, body: '{"errcode":310000,"errmsg":"keywords not in content"}' }));
    const a = dispatcher([target(r, 'dingtalk')], audit);
    a.notice(LIVE);
    await a.settled();
    expect(r.received).toHaveLength(1);
    expect(audit[0]?.reason).toContain('the dingtalk bot refused the message: code 310000 keywords not in content');
  });

  test("a bot's rate limit is waited out", async () => {
    const audit: NewAuditEntry[] = [];
    const r = await receiver((n) => (n === 1 ? { status: 200, body: '{"errcode":45009,"errmsg":"api freq out of limit"}' } : ACCEPTED.wecom));
    const a = dispatcher([target(r, 'wecom')], audit);
    a.notice(LIVE);
    await a.settled();
    expect(r.received).toHaveLength(2);
    expect(audit).toEqual([]);
  });

  test('an address where nothing listens is recorded as unreachable', async () => {
    const r = await receiver();
    const url = `${r.origin}/hook`;
    await r.close();
    receivers = [];
    const audit: NewAuditEntry[] = [];
    const a = dispatcher([{ url, format: 'json', events: ['channelLive'] }], audit);
    a.notice(LIVE);
    await a.settled();
    expect(audit[0]?.reason).toMatch(/after 3 attempts: cannot reach it \(ECONNREFUSED\)/);
  });
});

describe('the test message', () => {
  test('reports per target whether it arrived', async () => {
    const good = await receiver(() => ACCEPTED.feishu);
    const bad = await receiver(() => ({ status: 200, body: '{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}' }));
    const a = dispatcher([]);
    const results = await a.test([target(good, 'feishu'), target(bad, 'feishu')]);
    expect(results).toEqual([
      { url: target(good, 'feishu').url, ok: true, status: 200, error: null },
      { url: target(bad, 'feishu').url, ok: false, status: 200, error: expect.stringContaining('code 19021') },
    ]);
    expect((good.received[0]!.body as { content: { text: string } }).content.text).toContain('Test message');
  });
});
