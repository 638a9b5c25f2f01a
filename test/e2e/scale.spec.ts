/// <reference lib="dom" />
// Measurement, not a test: run with AEC_MEASURE=1 to fill a real server with 1,000 channels
// and 10,000 viewer sessions through real callbacks while the dashboard is open, then print
// the time from a callback to the change on screen and the page's memory. Nothing here
// asserts a duration; the numbers go to bench-results/dashboard-scale.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { channelRow, expect, openDashboard, test } from './support/fixtures';
import type { AecClient } from '../support/aec-client';

const channels = Number(process.env.AEC_MEASURE_CHANNELS ?? 1000);
const viewersPerChannel = Number(process.env.AEC_MEASURE_VIEWERS_PER_CHANNEL ?? 10);
const samples = 20;

const channelId = (i: number) => `Ch${String(i).padStart(6, '0')}@scale_`;

async function inParallel(count: number, width: number, job: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await job(next++);
    }),
  );
}

async function populate(aec: AecClient): Promise<void> {
  await inParallel(channels, 16, async (i) => {
    await aec.createChannel(channelId(i), `creator${i}`, `Show ${i}`, 0);
    await aec.goLive(channelId(i), `creator${i}`);
  });
  await inParallel(channels * viewersPerChannel, 32, async (n) => {
    const i = n % channels;
    await aec.online(channelId(i), `viewer${n}`);
  });
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

test.skip(!process.env.AEC_MEASURE, 'set AEC_MEASURE=1 to run the scale measurement');

test('measure: update latency and memory at 1,000 channels / 10,000 viewers', async ({ page, monitor, aec }) => {
  test.setTimeout(15 * 60_000);
  await openDashboard(page, monitor);
  const started = Date.now();
  await populate(aec);
  const populateMs = Date.now() - started;
  await expect(page.getByTestId('channel-count')).toHaveText(`${channels.toLocaleString('en-US')} of ${channels.toLocaleString('en-US')} channels`, { timeout: 60_000 });
  await expect(page.getByTestId('viewers-total')).toHaveText((channels * viewersPerChannel).toLocaleString('en-US'), { timeout: 60_000 });

  // The first row is rendered (the list is virtual); time how long a PLAYING takes to show there.
  const target = channelId(0);
  const cell = channelRow(page, target).getByTestId('bytes-total');
  await expect(cell).toBeVisible();
  const latencies: number[] = [];
  for (let k = 1; k <= samples; k++) {
    const expected = `${k}.0 MiB`;
    const seen = page.evaluate(
      ([selector, text]) =>
        new Promise<number>((resolve) => {
          const check = () => {
            const el = document.querySelector(selector);
            if (el?.textContent === text) {
              observer.disconnect();
              resolve(Date.now());
            }
          };
          const observer = new MutationObserver(check);
          observer.observe(document.body, { subtree: true, childList: true, characterData: true });
          check();
        }),
      [`[data-testid="channel-row-${target}"] [data-testid="bytes-total"]`, expected] as const,
    );
    const sent = Date.now();
    // A viewer's reports with the same `ts` second count once; rotate over the channel's viewers.
    await aec.playing(target, `viewer${((k - 1) % viewersPerChannel) * channels}`, 1024 * 1024);
    latencies.push((await seen) - sent);
    await new Promise((r) => setTimeout(r, 150));
  }

  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
  const sorted = [...latencies].sort((a, b) => a - b);
  const result = {
    channels,
    viewerSessions: channels * viewersPerChannel,
    populateMs,
    callbackToScreenMs: { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted[sorted.length - 1], samples: latencies },
    jsHeapUsedMiB: Math.round((metric('JSHeapUsedSize') / 1048576) * 10) / 10,
    jsHeapTotalMiB: Math.round((metric('JSHeapTotalSize') / 1048576) * 10) / 10,
    domNodes: metric('Nodes'),
  };
  console.log(JSON.stringify(result, null, 2));
  await mkdir(join(process.cwd(), 'bench-results'), { recursive: true });
  await writeFile(join(process.cwd(), 'bench-results/dashboard-scale.json'), JSON.stringify(result, null, 2));
});
