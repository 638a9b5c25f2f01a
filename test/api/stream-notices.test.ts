// The live stream carries the notices (a channel went live, the media server went silent, ...),
// so a desktop app attached to this server from the LAN can notify its operator. A stream that
// follows no topic (`?topics=`) still gets them, with the summary.

import { afterAll, beforeAll, expect, test } from 'vitest';
import { aec } from '../support/aec-client';
import { startHarness, type Harness } from '../support/harness';
import { openStream } from '../support/sse';

let t: Harness;
beforeAll(async () => {
  t = await startHarness();
});
afterAll(async () => {
  await t.stop();
});

test('a channel going live is a notice event on every stream, topics or not', async () => {
  const stream = await openStream(new URL('/api/stream?topics=', t.app.adminUrl).href, t.app.adminToken);
  try {
    const first = await stream.next();
    expect(first.event).toBe('snapshot');
    expect(Object.keys(first.data as object)).toEqual(['summary', 'seq']);
    for (const step of [aec.createGlobal('Wz@NWuVjNote0001', '577175', '10'), aec.applyUpload('Wz@NWuVjNote0001', '577175'), aec.uploading('Wz@NWuVjNote0001', '577175')]) {
      expect((await t.call(step)).status).toBe('1');
    }
    expect(await stream.until('notice', (data) => (data as { kind: string }).kind === 'channelLive')).toEqual({ kind: 'channelLive', channelId: 'Wz@NWuVjNote0001' });
  } finally {
    stream.close();
  }
});
