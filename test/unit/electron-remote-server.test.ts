// The desktop app's view of a server on the LAN, against a real headless core over HTTP.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeServer, RemoteServer } from '../../electron/remote-server';
import { aec } from '../support/aec-client';
import { startHarness, type Harness } from '../support/harness';
import type { Notice } from '../../server/contract';
import { createServer } from 'node:net';

/** A port nothing listens on (fetch refuses the well-known low ones). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let t: Harness;
let name = '';
beforeAll(async () => {
  t = await startHarness();
  name = new URL(t.app.adminUrl).host;
});
afterAll(async () => {
  await t.stop();
});

describe('a server on the LAN', () => {
  it('is checked before it is saved: its summary, or a sentence saying why not', async () => {
    const good = await probeServer({ name, url: t.app.adminUrl, token: t.app.adminToken });
    expect(good).toMatchObject({ ok: true, value: { dataDir: t.app.dataDir } });
    expect(await probeServer({ name, url: t.app.adminUrl, token: 'wrong' })).toEqual({ ok: false, error: `${name} refused the admin token.` });
    const closed = await freePort();
    expect(await probeServer({ name: 'nowhere', url: `http://127.0.0.1:${closed}/`, token: 'x' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Cannot reach nowhere \(ECONNREFUSED\)\. Is AEC Live Monitor running there with --admin-host 0\.0\.0\.0/),
    });
  });

  it("is followed: its summary polled, its notices streamed, its notification switches read", async () => {
    const remote = new RemoteServer({ name, url: t.app.adminUrl, token: t.app.adminToken }, 50);
    const notices: Notice[] = [];
    const live = new Promise<void>((resolve) => {
      remote.onNotice((notice) => {
        notices.push(notice);
        if (notice.kind === 'channelLive') resolve();
      });
    });
    remote.start();
    try {
      for (let i = 0; i < 100 && remote.summary() === null; i += 1) await new Promise((r) => setTimeout(r, 20));
      expect(remote.summary()?.channels.total).toBe(0);
      // A notice raised before the stream is open is not streamed: channels go live one after
      // another until one is told.
      let told = false;
      void live.then(() => (told = true));
      for (let i = 10; i < 60 && !told; i += 1) {
        const channel = `Wz@NWuVjFollow${i}`;
        for (const step of [aec.createGlobal(channel, '577175', '10'), aec.applyUpload(channel, '577175'), aec.uploading(channel, '577175')]) {
          expect((await t.call(step)).status).toBe('1');
        }
        await Promise.race([live, new Promise((r) => setTimeout(r, 100))]);
      }
      expect(notices[0]).toEqual({ kind: 'channelLive', channelId: expect.stringMatching(/^Wz@NWuVjFollow\d\d$/) });
      expect(await remote.notificationSwitches()).toEqual(t.app.settings().notifications);
      expect(remote.problem()).toBeNull();
    } finally {
      remote.stop();
    }
  });

  it('says why when the token stops working, keeping the last summary', async () => {
    const remote = new RemoteServer({ name, url: t.app.adminUrl, token: 'stale-token' }, 50);
    remote.start();
    try {
      for (let i = 0; i < 100 && remote.problem() === null; i += 1) await new Promise((r) => setTimeout(r, 20));
      expect(remote.problem()).toBe(`${name} refused the admin token.`);
      expect(remote.summary()).toBeNull();
    } finally {
      remote.stop();
    }
  });
});
