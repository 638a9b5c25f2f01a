// The demo's eventCenter for `npm run demo -- --forward`: the loopback reference, cutting calls
// after 30 minutes as one PHP version did, and down for 20 s every 3 minutes so that the
// dashboard shows fallbacks, the upstream alert, and the replays once it is back.

import { startReferenceUpstream, type ReferenceUpstream } from './reference-upstream';

const DOWN_EVERY_MS = 3 * 60_000;
const DOWN_FOR_MS = 20_000;

export interface DemoUpstream {
  url: string;
  upstream: ReferenceUpstream;
  stop(): Promise<void>;
}

export async function startDemoUpstream(log: (line: string) => void = (line) => console.log(line)): Promise<DemoUpstream> {
  const upstream = await startReferenceUpstream({ quirks: { cutCallsAfterMinutes: 30 } });
  log(`Forward mode: a reference-like eventCenter listens at ${upstream.url}; it goes down for ${DOWN_FOR_MS / 1000} s every ${DOWN_EVERY_MS / 60_000} minutes.`);
  let back: NodeJS.Timeout | undefined;
  const outages = setInterval(() => {
    void upstream.close().then(() => log('Forward mode demo: the eventCenter is down (fallbacks answer; teardowns are kept for it)'));
    back = setTimeout(() => void upstream.reopen().then(() => log('Forward mode demo: the eventCenter is back')), DOWN_FOR_MS);
  }, DOWN_EVERY_MS);
  return {
    url: upstream.url,
    upstream,
    async stop() {
      clearInterval(outages);
      clearTimeout(back);
      await upstream.close();
    },
  };
}
