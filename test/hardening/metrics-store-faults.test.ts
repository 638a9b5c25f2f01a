// What Prometheus sees when the data folder cannot be written: a store fault counted and
// aec_store_failing at 1 while it lasts (the AecStoreFault alert), both back to calm once the
// disk works again, and fdatasync times observed for the writes that went through.

import { afterEach, describe, expect, test } from 'vitest';
import { aec, channelId, userId } from '../support/aec-client';
import { startHarness, type Harness } from '../support/harness';
import { FaultyIo } from './helpers/faulty-io';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

async function scrape(h: Harness): Promise<string> {
  return (await fetch(new URL('/metrics', h.callbackUrl))).text();
}

const sample = (text: string, series: string): number => {
  const escaped = series.replace(/[{}"=]/g, (c) => `\\${c}`);
  const match = new RegExp(`^${escaped} (\\S+)$`, 'm').exec(text);
  if (!match) throw new Error(`${series} not exported:\n${text}`);
  return Number(match[1]);
};

describe('store faults in /metrics', () => {
  test('a failing journal is counted once per streak and shown while it lasts', { timeout: 60_000 }, async () => {
    const io = new FaultyIo();
    harness = await startHarness({}, { journalIo: io });
    const channel = channelId();
    expect((await harness.call(aec.createGlobal(channel, userId()))).status).toBe('1');
    let text = await scrape(harness);
    expect(sample(text, 'aec_store_faults_total{part="journal"}')).toBe(0);
    expect(sample(text, 'aec_store_failing')).toBe(0);
    expect(sample(text, 'aec_journal_fsync_seconds_count')).toBeGreaterThan(0);

    io.fault = { code: 'ENOSPC', on: 'write' };
    const viewer = userId();
    expect((await harness.call(aec.online(channel, viewer))).status).toBe('1');
    expect((await harness.call(aec.playing(channel, viewer, 500))).status).toBe('1');
    text = await scrape(harness);
    expect(sample(text, 'aec_store_faults_total{part="journal"}')).toBe(1);
    expect(sample(text, 'aec_store_failing')).toBe(1);

    io.fault = null;
    expect((await harness.call(aec.playing(channel, viewer, 700))).status).toBe('1');
    text = await scrape(harness);
    expect(sample(text, 'aec_store_failing')).toBe(0);
    expect(sample(text, 'aec_store_faults_total{part="journal"}')).toBe(1);
    expect(sample(text, 'aec_viewer_bytes_total{channel_type="GLOBAL_PUBLIC"}')).toBe(1200);
  });
});
