// The bench's stream counting (stream-tally.ts, stream-summary.ts): SSE messages counted per
// event name however the bytes are chunked, windows started by reset(), and the facts kept from
// a summary message. Also a gzip and a brotli stream flushed per message, decoded as the bench
// decodes them. Pure: nothing is timed.

import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SseTally } from '../../server/simulator/bench/stream-tally';
import { FollowedSummary, summaryFacts } from '../../server/simulator/bench/stream-summary';

const message = (event: string, data: unknown): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

describe('bench stream tally', () => {
  const text = ['retry: 2000\n\n', message('snapshot', { summary: {} }), message('channels', { rows: [{ id: 'a' }] }), message('summary', { now: 1 })].join('');

  it('counts complete messages per event, whatever the chunking', () => {
    const whole = new SseTally();
    whole.feed(text);
    for (const size of [1, 3, 7, 64]) {
      const seen: string[] = [];
      const chunked = new SseTally((event) => seen.push(event));
      for (let i = 0; i < text.length; i += size) chunked.feed(text.slice(i, i + size));
      expect(chunked.byEvent()).toEqual(whole.byEvent());
      expect(seen).toEqual(['other', 'snapshot', 'channels', 'summary']);
    }
    expect(whole.bytes).toBe(Buffer.byteLength(text));
    expect(whole.byEvent().channels).toEqual({ messages: 1, bytes: Buffer.byteLength(message('channels', { rows: [{ id: 'a' }] })) });
  });

  it('hands the listener the data and size; a half message waits for its end', () => {
    const got: Array<[string, string, number]> = [];
    const tally = new SseTally((event, data, bytes) => got.push([event, data, bytes]));
    const m = message('summary', { now: 5 });
    tally.feed(m.slice(0, 10));
    expect(got).toEqual([]);
    tally.feed(m.slice(10));
    expect(got).toEqual([['summary', '{"now":5}', Buffer.byteLength(m)]]);
  });

  it('starts a new window at reset, keeping a message still in flight', () => {
    const tally = new SseTally();
    const m = message('channels', { rows: [] });
    tally.feed(m + m.slice(0, 5));
    tally.reset();
    expect(tally.bytes).toBe(0);
    tally.feed(m.slice(5));
    expect(tally.byEvent()).toEqual({ channels: { messages: 1, bytes: Buffer.byteLength(m) } });
  });

  it.each([
    ['gzip', () => zlib.createGzip({ flush: zlib.constants.Z_SYNC_FLUSH }), () => zlib.createGunzip()],
    ['br', () => zlib.createBrotliCompress({ flush: zlib.constants.BROTLI_OPERATION_FLUSH }), () => zlib.createBrotliDecompress()],
  ])('counts a %s stream flushed per message as it arrives, before the stream ends', async (_name, compressor, decompressor) => {
    const tally = new SseTally();
    const enc = compressor();
    const dec = decompressor();
    let wire = 0;
    enc.on('data', (chunk: Buffer) => {
      wire += chunk.length;
      dec.write(chunk);
    });
    dec.on('data', (chunk: Buffer) => tally.feed(chunk.toString('utf8')));
    for (let i = 0; i < 20; i++) {
      const written = new Promise<void>((resolve) => dec.once('data', () => resolve()));
      enc.write(message('summary', { now: i, same: 'x'.repeat(200) }));
      await written;
    }
    expect(tally.byEvent().summary?.messages).toBe(20);
    expect(wire).toBeGreaterThan(0);
    expect(wire).toBeLessThan(tally.bytes);
    enc.destroy();
    dec.destroy();
  });
});

describe('bench stream summary facts', () => {
  const summary = { now: 10, channels: { total: 6, live: 5, closing: 0 }, viewers: 60, callbacksPerMinute: 300, simulator: { available: true, sent: 42 } };

  it('keeps the time, the studio and the simulator count', () => {
    expect(summaryFacts(summary)).toEqual({ now: 10, channels: 6, viewers: 60, callbacksPerMinute: 300, simulatorSent: 42 });
  });

  it('follows the summary from the snapshot through its changes, as the page merges them', () => {
    const followed = new FollowedSummary();
    expect(followed.read('channels', '{"seq":1,"rows":[]}')).toBeNull();
    expect(followed.read('snapshot', JSON.stringify({ summary, seq: { summary: 0 } }))?.simulatorSent).toBe(42);
    const changed = followed.read('summaryChanges', JSON.stringify({ seq: 1, changes: { now: 20, viewers: 61, simulator: { sent: 50 } } }));
    expect(changed).toEqual({ now: 20, channels: 6, viewers: 61, callbacksPerMinute: 300, simulatorSent: 50 });
  });

  it('is null for anything but a summary', () => {
    expect(summaryFacts(null)).toBeNull();
    expect(summaryFacts([])).toBeNull();
    expect(summaryFacts({ rows: [] })).toBeNull();
    expect(new FollowedSummary().read('summaryChanges', 'not json')).toBeNull();
  });
});
