// A disk that takes its time: fdatasync held back until the test lets it go. The media server
// waits up to ~17 s for each answer while the user's login or join hangs, so every callback is
// answered within the answer budget whatever the disk does, and nothing answered is lost once
// the disk catches up.

import { cp } from 'node:fs/promises';
import { afterEach, describe, expect, test } from 'vitest';
import type { ChannelDetail, Summary } from '../../server/contract';
import { LOCK_FILE } from '../../server/store/lock';
import { nodeJournalIo, type JournalIo } from '../../server/store/journal/journal-io';
import { aec, channelId } from '../support/aec-client';
import { removeDir, startHarness, tempDataDir, type Harness } from '../support/harness';

/** fdatasync waits until `release()`; counts the syncs still held back. */
class HeldDisk implements JournalIo {
  held = 0;
  private gate: Promise<void> | null = null;
  private open: () => void = () => undefined;

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.gate = null;
    this.open();
  }

  write = nodeJournalIo.write;
  truncate = nodeJournalIo.truncate;

  async datasync(file: Parameters<JournalIo['datasync']>[0]): Promise<void> {
    const gate = this.gate;
    if (gate) {
      this.held++;
      await gate;
      this.held--;
    }
    return nodeJournalIo.datasync(file);
  }
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('answers within the budget while fdatasync is held back', () => {
  test('every callback is answered from its decision, counted, and lands on disk once the disk moves', { timeout: 60_000 }, async () => {
    const disk = new HeldDisk();
    const dir = await tempDataDir('aec-slow-disk-');
    cleanup.push(() => removeDir(dir));
    const h: Harness = await startHarness({ dataDir: dir }, { journalIo: disk });
    cleanup.push(() => h.stop());
    expect((await h.json('PUT', '/api/settings', { answerBudgetMs: 200 })).status).toBe(200);

    disk.hold();
    const id = channelId();
    expect((await h.call(aec.createGlobal(id, 'owner'))).status).toBe('1');
    for (let i = 0; i < 8; i++) expect((await h.call(aec.online(id, `fan-${i}`))).status).toBe('1');
    for (let i = 0; i < 8; i++) expect((await h.call(aec.playing(id, `fan-${i}`, 1000))).status).toBe('1');
    // Every answer above came while the disk still had not finished a single sync.
    expect(disk.held).toBeGreaterThan(0);

    const during = await h.get<Summary>('/api/summary');
    expect(during.store.answeredBeforeDurable).toBe(17);
    expect(during.store.lastAnsweredBeforeDurableAt).not.toBeNull();
    expect(during.store.pendingRecords).toBeGreaterThan(0);
    const metrics = await (await fetch(new URL('/metrics', h.callbackUrl))).text();
    expect(metrics).toMatch(/^aec_answered_before_durable_total 17$/m);

    disk.release();
    await until(async () => (await h.get<Summary>('/api/summary')).store.pendingRecords === 0, 'the queued records to reach the disk');

    // What a kill -9 right now would leave: all 17 answered changes.
    const copy = await tempDataDir('aec-slow-disk-image-');
    cleanup.push(() => removeDir(copy));
    await cp(dir, copy, { recursive: true, filter: (source) => !source.endsWith(LOCK_FILE) });
    const after = await startHarness({ dataDir: copy });
    cleanup.push(() => after.stop());
    const detail = await after.get<ChannelDetail>(`/api/channels/${encodeURIComponent(id)}`);
    expect(detail.channel.viewers).toBe(8);
    expect(detail.channel.bytes).toBe(8000);
  });

  test('with a disk that keeps up, nothing is answered early', async () => {
    const h = await startHarness();
    cleanup.push(() => h.stop());
    const id = channelId();
    await h.call(aec.createGlobal(id, 'owner'));
    await h.call(aec.online(id, 'fan'));
    expect((await h.get<Summary>('/api/summary')).store.answeredBeforeDurable).toBe(0);
  });
});
