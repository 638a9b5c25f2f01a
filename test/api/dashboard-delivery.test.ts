// What the dashboard relies on beyond the basic API: the live stream compressed and filtered to
// the audit decisions a page shows, sparklines, the show CSV, and how built assets are cached.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditEntry, ChannelSparklines } from '../../server/contract';
import { startHarness, type Harness } from '../support/harness';
import { aec, channelId, userId } from '../support/aec-client';
import { openStream } from '../support/sse';

let t: Harness;
beforeAll(async () => {
  t = await startHarness();
});
afterAll(async () => {
  await t.stop();
});

const adminFetch = (path: string, headers: Record<string, string> = {}) =>
  fetch(new URL(path, t.app.adminUrl), { headers: { Authorization: `Bearer ${t.app.adminToken}`, ...headers } });

describe('the live stream for the dashboard', () => {
  test('is compressed when the browser accepts it, and still arrives message by message', async () => {
    const res = await adminFetch('/api/stream?topics=channels', { 'Accept-Encoding': 'gzip' });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    // fetch decompresses; the snapshot arriving without the stream ending shows each write is flushed.
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('event: snapshot')) {
      const { value, done } = await reader.read();
      expect(done).toBe(false);
      text += value;
    }
    await reader.cancel();
  });

  test('?audit=deny carries only denials on the audit topic', async () => {
    const stream = await openStream(new URL('/api/stream?topics=audit&audit=deny', t.app.adminUrl).href, t.app.adminToken);
    try {
      await t.call(aec.createGlobal(channelId(), userId()));
      const refused = channelId();
      await t.call({ ...aec.createGlobal(refused, userId()), conCurrentNumber: '9999' });
      const data = (await stream.until('audit', (d) => (d as { entries: AuditEntry[] }).entries.some((e) => e.channelId === refused))) as { entries: AuditEntry[] };
      expect(data.entries.every((e) => e.decision === 'deny')).toBe(true);
    } finally {
      stream.close();
    }
  });

  test('refuses an unknown decision in ?audit=', async () => {
    expect((await adminFetch('/api/stream?topics=audit&audit=maybe')).status).toBe(400);
  });
});

describe('board data', () => {
  test('sparklines give full minutes only, for channels with traffic', async () => {
    const res = await adminFetch('/api/channels/sparklines?minutes=30');
    expect(res.status).toBe(200);
    const body = (await res.json()) as ChannelSparklines;
    expect(body.minutes).toBe(30);
    expect(body.to % 60_000).toBe(0);
    for (const points of Object.values(body.series)) expect(points).toHaveLength(30);
  });

  test('a show summary downloads as CSV', async () => {
    const id = channelId();
    await t.call(aec.createGlobal(id, userId()));
    const res = await adminFetch(`/api/channels/${encodeURIComponent(id)}/show.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, row] = (await res.text()).trim().split('\n');
    expect(header).toBe('channelId,name,type,creator,startedAt,endedAt,durationSeconds,peakViewers,uniqueViewers,bytes');
    expect(row).toContain(id);
  });

  test('the audit log takes a comma list of decisions', async () => {
    const res = await adminFetch('/api/audit?decision=deny,operator&limit=50');
    expect(res.status).toBe(200);
    const entries = (await res.json()) as AuditEntry[];
    expect(entries.every((e) => e.decision === 'deny' || e.decision === 'operator')).toBe(true);
  });
});
