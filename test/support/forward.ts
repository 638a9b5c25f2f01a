// Forward mode under test: the real core in front of the loopback reference eventCenter
// (server/simulator/reference-upstream.ts). Replies are returned raw: in forward mode they are
// the eventCenter's, and some of its replies are ones 2.9.6 cannot read, on purpose.

import type { AppOptions } from '../../server/main/app-options';
import { startReferenceUpstream, type ReferenceUpstream } from '../../server/simulator/reference-upstream';
import type { ReferenceQuirks } from '../../server/simulator/reference-upstream-rules';
import type { Summary, UpstreamHealth } from '../../server/contract';
import { dataOf, sendData } from './aec-client';
import { startHarness, type Harness } from './harness';

export interface ForwardPair {
  up: ReferenceUpstream;
  t: Harness;
  /** Sends a payload the 2.9.6 way; the reply body as the media server got it. */
  send(payload: Record<string, unknown>): Promise<string>;
  setting(values: Record<string, unknown>): Promise<void>;
  upstream(): Promise<UpstreamHealth>;
  stop(): Promise<void>;
}

export async function startForwardPair(options: Partial<AppOptions> = {}, quirks: Partial<ReferenceQuirks> = {}): Promise<ForwardPair> {
  const up = await startReferenceUpstream({ quirks });
  const t = await startHarness({ upstreamAec: up.url, ...options });
  return {
    up,
    t,
    async send(payload) {
      const raw = await sendData(t.callbackUrl, dataOf(payload, 'starrtc'));
      if (raw.httpStatus !== 200) throw new Error(`callback answered HTTP ${raw.httpStatus}: ${raw.text}`);
      return raw.text;
    },
    async setting(values) {
      const res = await t.json('PUT', '/api/settings', values);
      if (res.status !== 200) throw new Error(`PUT /api/settings ${res.status}: ${await res.text()}`);
    },
    async upstream() {
      const summary = await t.get<Summary>('/api/summary');
      if (!summary.upstream) throw new Error('the summary has no upstream: forward mode is off');
      return summary.upstream;
    },
    async stop() {
      await t.stop();
      await up.close();
    },
  };
}

/** Polls until `check` holds (or fails after `ms`): for work the server does in the background. */
export async function eventually(check: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still not so after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
