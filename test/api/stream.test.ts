// GET /api/stream: Server-Sent Events, a snapshot first, then the changes a callback makes.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ChannelRow, StreamEvents } from '../../server/contract';
import { startHarness, type Harness } from '../support/harness';
import { aec, channelId, userId } from '../support/aec-client';
import { openStream, type MergedRows } from '../support/sse';

let t: Harness;
beforeAll(async () => {
  t = await startHarness();
});
afterAll(async () => {
  await t.stop();
});

describe('GET /api/stream', () => {
  test('needs the token', async () => {
    const res = await fetch(new URL('/api/stream', t.app.adminUrl));
    expect(res.status).toBe(401);
  });

  test('a snapshot first, then a channels event after a callback', async () => {
    const existing = channelId();
    await t.call(aec.createGlobal(existing, userId()));
    const stream = await openStream(new URL('/api/stream', t.app.adminUrl).href, t.app.adminToken);
    try {
      expect(stream.contentType).toMatch(/^text\/event-stream/);
      const first = await stream.next();
      expect(first.event).toBe('snapshot');
      const snapshot = first.data as StreamEvents['snapshot'];
      expect(snapshot.channels?.map((row) => row.id)).toContain(existing);
      expect(snapshot.summary.channels.total).toBeGreaterThanOrEqual(1);

      const id = channelId();
      const owner = userId();
      await t.call(aec.createGlobal(id, owner));
      await t.call(aec.applyUpload(id, owner));
      await t.call(aec.uploading(id, owner));
      const live = await stream.until(
        'channels',
        (data) => (data as MergedRows<ChannelRow>).rows.some((row) => row.id === id && row.state === 'live'),
      );
      expect((live as MergedRows<ChannelRow>).rows.find((row) => row.id === id)).toMatchObject({ owner, uploaders: 1 });
      const audit = await stream.until('audit', (data) =>
        (data as StreamEvents['audit']).entries.some((e) => e.channelId === id && e.action === 'AEC_LIVE_UPLOADER_UPLOADING'),
      );
      expect(audit).toBeDefined();
    } finally {
      stream.close();
    }
  });

  test('a channel comes whole once, then only the fields that changed, numbered from the snapshot', async () => {
    const id = channelId();
    const owner = userId();
    await t.call(aec.createGlobal(id, owner));
    const stream = await openStream(new URL('/api/stream?topics=channels', t.app.adminUrl).href, t.app.adminToken);
    try {
      const snapshot = (await stream.next()).data as StreamEvents['snapshot'];
      expect(snapshot.channels?.find((row) => row.id === id)).toMatchObject({ id, owner, viewers: 0 });
      expect(snapshot.seq).toEqual({ summary: expect.any(Number), channels: expect.any(Number) });
      await t.call(aec.online(id, userId()));
      let message;
      do message = await stream.next();
      while (!(message.event === 'channels' && (message.data as MergedRows<ChannelRow>).rows.some((row) => row.id === id)));
      const wire = message.wire as StreamEvents['channels'];
      expect(wire.seq).toBeGreaterThan(snapshot.seq.channels!);
      expect(wire.rows?.some((row) => row.id === id) ?? false).toBe(false);
      const changed = wire.changed?.find((change) => change.id === id);
      expect(changed).toMatchObject({ id, viewers: 1 });
      expect(changed).not.toHaveProperty('owner');
      // The tests' client merged it into the whole row, as the dashboard does.
      expect((message.data as MergedRows<ChannelRow>).rows.find((row) => row.id === id)).toMatchObject({ id, owner, viewers: 1 });
    } finally {
      stream.close();
    }
  });

  test('an operator action is streamed too', async () => {
    const id = channelId();
    await t.call(aec.createGlobal(id, userId()));
    const stream = await openStream(new URL('/api/stream', t.app.adminUrl).href, t.app.adminToken);
    try {
      expect((await stream.next()).event).toBe('snapshot');
      await t.post(`/api/channels/${encodeURIComponent(id)}/close`);
      const closed = await stream.until('channels', (data) =>
        (data as MergedRows<ChannelRow>).rows.some((row) => row.id === id && row.state === 'closed'),
      );
      expect(closed).toBeDefined();
    } finally {
      stream.close();
    }
  });
});
