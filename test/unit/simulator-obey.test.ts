// The simulator against a tiny real business server that answers by a rule: it must send the
// media server's wire format and obey every "0" like a media server.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Simulator } from '../../server/simulator/simulator';
import type { SimulatorOptions } from '../../server/simulator/simulator';
import { runSimulateCommand } from '../../server/simulator/simulate-command';
import { computeSign } from '../../server/protocol';
import { factsOf } from '../../server/contract';

type Payload = Record<string, string> & { action: string };
interface Received {
  method: string;
  contentType: string | undefined;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  payload: Payload;
  status: '1' | '0';
}
type Rule = (payload: Payload) => '1' | '0';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** What a minimal eventCenter answers with a "1", in the shape each action's consumer needs. */
function dataFor(payload: Payload, groupIds: { next: number }): string | Record<string, string> {
  const facts = factsOf(payload.action);
  if (facts?.syncAll) return { groupList: payload.userId ?? '1' };
  switch (facts?.kind) {
    case 'applyUpload':
    case 'proxyApplyUpload':
      return { conCurrentNumber: '0' };
    case 'chatRoomIsExist':
      return `${payload.userId ?? '1'},100`;
    case 'groupCreate':
      return String(groupIds.next++);
    case 'pushModeGet':
      return '2';
    default:
      return 'ok';
  }
}

/** A business server on port 0 that records every callback and answers `rule(payload)`. */
async function businessServer(rule: Rule, reply?: (status: '1' | '0') => string) {
  const received: Received[] = [];
  const groupIds = { next: 100_000 };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const query = new URL(req.url ?? '/', 'http://x').searchParams;
      const form = new URLSearchParams(body);
      const data = req.method === 'GET' ? query.get('data') : form.get('data');
      const payload = JSON.parse(data ?? '{}') as Payload;
      const status = rule(payload);
      received.push({ method: req.method ?? '', contentType: req.headers['content-type'], headers: req.headers, rawBody: body, payload, status });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(reply ? reply(status) : JSON.stringify({ status, data: status === '1' ? dataFor(payload, groupIds) : '80' }));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/aec`;
  return { url, received };
}

async function simulate(options: SimulatorOptions) {
  const simulator = new Simulator({ speed: 1e6, channels: 6, viewers: 40, seed: 'obey', now: () => 1_700_000_000_000, ...options });
  simulator.start();
  await simulator.whenStopped();
  return simulator.status();
}

const actionsOf = (received: Received[]) => received.map((r) => r.payload.action);

describe('simulator over HTTP', () => {
  it('POSTs a signed form body with the 2.9.6 headers, a connection per request', async () => {
    const post = await businessServer(() => '1');
    await simulate({ url: post.url, simulatedMinutes: 2 });
    expect(post.received.length).toBeGreaterThan(20);
    for (const r of post.received) {
      expect(r.method).toBe('POST');
      expect(r.contentType).toBe('application/x-www-form-urlencoded');
      expect(r.headers).toMatchObject({ 'user-agent': 'Mozilla/4.0', accept: '*/*', 'cache-control': 'no-cache', host: '127.0.0.1' });
      expect(r.headers.connection).toBeUndefined();
      const form = new URLSearchParams(r.rawBody);
      expect(computeSign(form.get('data') ?? '')).toBe(form.get('sign'));
      expect(r.rawBody).not.toMatch(/%([0-9a-f][a-f]|[a-f][0-9a-f])/); // PHP urlencode: upper-case hex
    }
  });

  it('replays the same callbacks for the same seed, other ones for another seed', async () => {
    const runs = [];
    for (const seed of ['a', 'a', 'b']) {
      const server = await businessServer((p) => (p.action === 'AEC_LIVE_USER_PLAYING' && p.userId?.endsWith('3') ? '0' : '1'));
      await simulate({ url: server.url, seed, simulatedMinutes: 10, maxInFlight: 1 });
      runs.push(server.received.map((r) => JSON.stringify(r.payload)));
    }
    expect(runs[0]?.length).toBeGreaterThan(200);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).not.toEqual(runs[0]);
  });

  it('counts what it sent: answers, and discharge bytes that add up to what the server received', async () => {
    const server = await businessServer((p) => (p.action === 'AEC_LIVE_USER_PLAYING' && p.userId?.endsWith('7') ? '0' : '1'));
    const status = await simulate({ url: server.url, simulatedMinutes: 15 });
    const bytes = (rows: Received[]) => rows.reduce((sum, r) => sum + Number(r.payload.discharge ?? 0), 0);
    expect(status.running).toBe(false);
    expect(status.sent).toBe(server.received.length);
    expect(status.allowed).toBe(server.received.filter((r) => r.status === '1').length);
    expect(status.denied).toBe(server.received.filter((r) => r.status === '0').length);
    expect(status.errors).toBe(0);
    expect(status.bytesSent).toBe(bytes(server.received));
    expect(status.bytesSent).toBeGreaterThan(0);
    expect(status.bytesDenied).toBe(bytes(server.received.filter((r) => r.status === '0')));
    expect(status.actions.AEC_LIVE_USER_PLAYING?.denied).toBeGreaterThan(0);
    expect(status.simulatedSeconds).toBe(15 * 60);
  });

  it('stops a viewer answered "0" to PLAYING', async () => {
    const server = await businessServer((p) => (p.action === 'AEC_LIVE_USER_PLAYING' ? '0' : '1'));
    await simulate({ url: server.url, simulatedMinutes: 20 });
    // A GLOBAL_PUBLIC viewer may join again without an ONLINE, but its first report comes a
    // minute after joining: nothing of that session within the minute after its "0".
    const stoppedAt = new Map<string, number>();
    for (const { payload: p } of server.received) {
      const session = `${p.userId}|${p.channelId}`;
      const at = Number(p.ts);
      if (p.action === 'AEC_LIVE_USER_ONLINE') stoppedAt.delete(session);
      if (p.action === 'AEC_LIVE_USER_PLAYING') {
        const stopped = stoppedAt.get(session);
        expect(stopped !== undefined && at - stopped < 60, `${p.action} right after a "0"`).toBe(false);
        stoppedAt.set(session, at);
      }
    }
    expect(stoppedAt.size).toBeGreaterThan(10);
  });

  it('ends an upload answered "0" to UPLOADING; the creator then takes the channel off air', async () => {
    // The first reports are refused; the run goes on long enough for what follows them.
    let refusals = 6;
    const server = await businessServer((p) => (p.action === 'AEC_LIVE_UPLOADER_UPLOADING' && refusals-- > 0 ? '0' : '1'));
    await simulate({ url: server.url, simulatedMinutes: 10 });
    const rows = server.received.map((r) => r.payload);
    const refused = server.received.filter((r) => r.status === '0').map((r) => r.payload);
    expect(refused.length).toBe(6);
    for (const report of refused) {
      const after = rows.slice(rows.indexOf(report) + 1);
      const same = after.filter((p) => p.userId === report.userId && p.channelId === report.channelId);
      // No second report for that upload: the uploader disconnects instead.
      expect(same[0]?.action).toBe('AEC_LIVE_UPLOADER_DISCONNECT');
      expect(same.some((p) => p.action === 'AEC_LIVE_UPLOADER_UPLOADING')).toBe(false);
      const creator = rows.find((p) => p.action.includes('CREATE_CHANNEL') && p.channelId === report.channelId)?.userId;
      if (creator === report.userId) {
        expect(after.filter((p) => p.channelId === report.channelId && p.action === 'AEC_LIVE_CLOSE_CHANNEL')).toHaveLength(1);
        // Reports of viewers sent in the same tick as the refused one may arrive after it.
        expect(after.some((p) => p.channelId === report.channelId && p.action === 'AEC_LIVE_USER_PLAYING' && Number(p.ts) > Number(report.ts))).toBe(false);
      }
    }
  });

  it('does not start a viewer whose ONLINE is refused, nor an upload whose APPLY_UPLOAD is refused', async () => {
    const server = await businessServer((p) => (p.action === 'AEC_LIVE_USER_ONLINE' || p.action === 'AEC_LIVE_APPLY_UPLOAD_CHANNEL' ? '0' : '1'));
    await simulate({ url: server.url, simulatedMinutes: 10 });
    const actions = actionsOf(server.received);
    expect(actions.filter((a) => a === 'AEC_LIVE_USER_ONLINE').length).toBeGreaterThan(20);
    // GLOBAL_PUBLIC channels ask for neither (2.9.6 admits their creator and viewers itself).
    const admittedByServer = new Set(server.received.filter((r) => r.payload.action === 'AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC').map((r) => r.payload.channelId));
    const reports = server.received.filter((r) => ['AEC_LIVE_USER_PLAYING', 'AEC_LIVE_USER_OFFLINE', 'AEC_LIVE_UPLOADER_UPLOADING'].includes(r.payload.action));
    expect(reports.length).toBeGreaterThan(0);
    for (const report of reports) expect(admittedByServer.has(report.payload.channelId), report.payload.action).toBe(true);
  });

  it('plays the web SDK order: a chat room before each of its lives, push mode at every login', async () => {
    const server = await businessServer(() => '1');
    await simulate({ url: server.url, simulatedMinutes: 10 });
    const rows = server.received.map((r) => r.payload);
    const lives = rows.filter((p) => p.action.includes('CREATE_CHANNEL') && p.roomId !== undefined && p.userId !== undefined);
    expect(lives.length).toBeGreaterThanOrEqual(3);
    for (const live of lives) {
      const room = rows.findIndex((p) => p.action === 'AEC_CHATROOM_CREATE' && p.roomId === live.roomId);
      expect(room, live.channelId).toBeGreaterThanOrEqual(0);
      expect(room).toBeLessThan(rows.indexOf(live));
    }
    expect(rows.filter((p) => p.action === 'AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC').every((p) => p.roomLiveType === '1')).toBe(true);
    expect(rows.some((p) => p.action === 'AEC_MSG_SERVER_GET_PUSH_MODE')).toBe(true);
    for (const action of ['AEC_VOIP_USER_ONLINE', 'AEC_VOIP_USER_PLAYING', 'AEC_GROUP_CREATE']) expect(actionsOf(server.received), action).toContain(action);
  });

  it('treats a refused create as a channel that does not exist', async () => {
    const server = await businessServer((p) => (p.action.includes('CREATE_CHANNEL') && p.action !== 'AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC' ? '0' : '1'));
    await simulate({ url: server.url, simulatedMinutes: 10 });
    const refused = new Set(server.received.filter((r) => r.status === '0').map((r) => r.payload.channelId));
    expect(refused.size).toBeGreaterThan(3);
    const later = server.received.filter((r) => !r.payload.action.includes('CREATE_CHANNEL') && refused.has(r.payload.channelId));
    expect(later).toEqual([]);
  });

  it('counts a reply with a numeric status as an error, as the docs warn', async () => {
    const server = await businessServer(() => '1', () => '{"status":1,"data":"ok"}');
    const status = await simulate({ url: server.url, simulatedMinutes: 1 });
    expect(status.errors).toBe(status.sent);
    expect(status.lastError).toMatch(/error 34/);
  });

  it('sends nothing after stop()', async () => {
    const server = await businessServer(() => '1');
    const simulator = new Simulator({ url: server.url, speed: 600, channels: 4, viewers: 30, seed: 1 });
    simulator.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await simulator.stop();
    const count = server.received.length;
    expect(count).toBeGreaterThan(0);
    expect(simulator.status().running).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.received.length).toBe(count);
  });
});

describe('simulate command', () => {
  it('prints its usage for --help and refuses bad flags', async () => {
    expect(await runSimulateCommand(['--help'])).toBe(0);
    expect(await runSimulateCommand([])).toBe(2);
    expect(await runSimulateCommand(['--url', 'https://example.com/aec'])).toBe(2);
    expect(await runSimulateCommand(['--url', 'http://127.0.0.1:1/aec', '--method', 'put'])).toBe(2);
    expect(await runSimulateCommand(['--url', 'http://127.0.0.1:1/aec', '--speed', '0'])).toBe(2);
  });

  it('gives up with exit code 1 when nothing answers at the URL', async () => {
    const closed = await businessServer(() => '1');
    await new Promise((resolve) => servers.pop()?.close(resolve));
    expect(await runSimulateCommand(['--url', closed.url, '--speed', '100000', '--seed', '1'])).toBe(1);
  });

  it('runs for --duration and exits 0', async () => {
    const server = await businessServer(() => '1');
    expect(await runSimulateCommand(['--url', server.url, '--speed', '600', '--duration', '1', '--seed', '4'])).toBe(0);
    expect(server.received.length).toBeGreaterThan(10);
  });
});
