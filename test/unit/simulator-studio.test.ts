import { describe, expect, it } from 'vitest';
import { ID_PATTERN } from '../../server/simulator/ids';
import { Studio } from '../../server/simulator/studio';
import type { StudioCounts } from '../../server/simulator/studio';
import type { Answer } from '../../server/simulator/wire';
import { isActionName } from '../../server/contract';

type Payload = Record<string, string> & { action: string };
type Rule = (payload: Payload) => Answer;

const NOW = 1_700_000_000;
const allow: Answer = { kind: 'allow', data: 'ok' };
const deny: Answer = { kind: 'deny', index: 80, name: 'LIVESRC_MOONSERVER_ERRID_CHANNEL_CLOSED' };

/** Plays `ticks` ticks, answering each callback by `rule`, as the Simulator does over HTTP. */
function play(seed: string | number, ticks: number, rule: Rule = () => allow, size = { channels: 7, viewers: 80 }) {
  const studio = new Studio({ ...size, seed });
  const sent: Array<{ tick: number; payload: Payload; answer: Answer }> = [];
  const counts: StudioCounts[] = [];
  for (let tick = 0; tick < ticks; tick++) {
    const events = studio.next(NOW + tick * 10);
    const answers = events.map((e) => {
      const payload = JSON.parse(e.data) as Payload;
      const answer = rule(payload);
      sent.push({ tick, payload, answer });
      return answer;
    });
    events.forEach((e, i) => e.onAnswer(answers[i] as Answer));
    counts.push(studio.counts());
  }
  return { sent, counts };
}

/** Denies about one PLAYING in twelve, picked by the payload so that it is repeatable. */
const denySomePlaying: Rule = (p) =>
  p.action === 'AEC_LIVE_USER_PLAYING' && Number(p.discharge) % 12 === 0 ? deny : allow;

describe('simulated studio', () => {
  it('replays the same callbacks for the same seed, and others for another seed', () => {
    const a = play('seed-1', 240, denySomePlaying).sent.map((s) => JSON.stringify(s.payload));
    const b = play('seed-1', 240, denySomePlaying).sent.map((s) => JSON.stringify(s.payload));
    const c = play('seed-2', 240, denySomePlaying).sent.map((s) => JSON.stringify(s.payload));
    expect(a.length).toBeGreaterThan(500);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('sends only strings, ts in seconds, ids in the media server shapes', () => {
    const { sent } = play(3, 360, denySomePlaying);
    for (const { tick, payload } of sent) {
      for (const value of Object.values(payload)) expect(typeof value).toBe('string');
      expect(payload.ts).toBe(String(NOW + tick * 10));
      expect(isActionName(payload.action), payload.action).toBe(true);
      if (payload.action.startsWith('AEC_LIVE_')) expect(payload.channelId).toMatch(ID_PATTERN);
      if (payload.userId2 !== undefined) expect(payload.userId2).toMatch(/^\d+$/);
      if (payload.roomId !== undefined) expect(payload.roomId).toMatch(ID_PATTERN);
      if (payload.userId !== undefined) expect(payload.userId).toMatch(/^\d+$/);
      if (payload.groupId !== undefined) expect(payload.groupId).toMatch(/^\d+$/);
      if (payload.discharge !== undefined) expect(payload.discharge).toMatch(/^\d+$/);
      if (payload.conCurrentNumber !== undefined) expect(Number(payload.conCurrentNumber)).toBeLessThanOrEqual(500);
      if (payload.action.includes('LIVEPROXY')) expect(payload.userId).toBeUndefined();
    }
  });

  it('creates channels of every type, with rooms, groups, a pulled channel and a specify list', () => {
    const { sent } = play(5, 60);
    const creates = sent.map((s) => s.payload).filter((p) => p.action.startsWith('AEC_LIVE_') && p.action.includes('CREATE_CHANNEL'));
    expect(new Set(creates.map((p) => p.action))).toEqual(
      new Set([
        'AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC',
        'AEC_LIVE_CREATE_CHANNEL_LOGIN_PUBLIC',
        'AEC_LIVE_CREATE_CHANNEL_GROUP_PUBLIC',
        'AEC_LIVE_CREATE_CHANNEL_LOGIN_SPECIFY',
        'AEC_LIVE_CREATE_CHANNEL_GROUP_SPECIFY',
        'AEC_LIVE_CREATE_CHANNEL_BROADCAST',
        'AEC_LIVE_LIVEPROXY_CREATE_CHANNEL_GLOBAL_PUBLIC',
      ]),
    );
    const group = creates.find((p) => p.action === 'AEC_LIVE_CREATE_CHANNEL_GROUP_PUBLIC');
    expect(group?.groupId).toMatch(/^\d+$/);
    expect(group?.roomId).toBeUndefined();
    const specify = creates.find((p) => p.action === 'AEC_LIVE_CREATE_CHANNEL_LOGIN_SPECIFY');
    expect(specify?.specify?.split(',').every((id) => /^\d+$/.test(id))).toBe(true);
  });

  it('behaves like a media server over a long run: sessions, uploads and channels in a possible order', () => {
    const { sent, counts } = play(8, 6 * 120, denySomePlaying);
    const created = new Set<string>();
    const closed = new Set<string>();
    const sessions = new Map<string, string>(); // userId -> channelId
    const uploading = new Set<string>(); // userId|channelId
    let endedSilently = 0;
    const seen = new Set<string>();
    const admittedByServer = new Set<string>(); // GLOBAL_PUBLIC: no ONLINE, no APPLY_UPLOAD
    for (const { payload: p, answer } of sent) {
      if (!p.action.startsWith('AEC_LIVE_')) continue;
      seen.add(p.action);
      const ch = p.channelId as string;
      const key = `${p.userId}|${ch}`;
      if (p.action.includes('CREATE_CHANNEL')) {
        if (answer.kind === 'allow') created.add(ch);
        if (answer.kind === 'allow' && p.action === 'AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC') {
          admittedByServer.add(ch);
          uploading.add(key);
        }
        continue;
      }
      expect(created.has(ch), `${p.action} for a channel never created`).toBe(true);
      if (closed.has(ch)) expect(p.action, 'only a delete follows a close').toMatch(/DELETE_CHANNEL$/);
      switch (p.action) {
        case 'AEC_LIVE_USER_ONLINE':
          if (sessions.has(p.userId as string)) endedSilently++; // the previous one vanished
          sessions.delete(p.userId as string);
          if (answer.kind === 'allow') sessions.set(p.userId as string, ch);
          break;
        case 'AEC_LIVE_USER_PLAYING': {
          // A GLOBAL_PUBLIC viewer is first seen at its PLAYING.
          if (admittedByServer.has(ch) && sessions.get(p.userId as string) !== ch) {
            if (sessions.has(p.userId as string)) endedSilently++;
            sessions.set(p.userId as string, ch);
          }
          expect(sessions.get(p.userId as string)).toBe(ch);
          const mbps = (Number(p.discharge) * 8) / 60 / 1e6;
          expect(mbps).toBeGreaterThan(0.15);
          expect(mbps).toBeLessThan(4.5);
          if (answer.kind === 'deny') sessions.delete(p.userId as string);
          break;
        }
        case 'AEC_LIVE_USER_OFFLINE':
          // A GLOBAL_PUBLIC viewer may leave before its first report: never seen before.
          if (!admittedByServer.has(ch)) expect(sessions.get(p.userId as string)).toBe(ch);
          sessions.delete(p.userId as string);
          break;
        case 'AEC_LIVE_APPLY_UPLOAD_CHANNEL':
          if (answer.kind === 'allow') uploading.add(key);
          break;
        case 'AEC_LIVE_UPLOADER_UPLOADING':
          expect(uploading.has(key), 'UPLOADING without an accepted APPLY_UPLOAD').toBe(true);
          break;
        case 'AEC_LIVE_UPLOADER_DISCONNECT':
          uploading.delete(key);
          break;
        case 'AEC_LIVE_CLOSE_CHANNEL':
        case 'AEC_LIVE_LIVEPROXY_CLOSE_CHANNEL':
          for (const [user, channel] of sessions) {
            if (channel !== ch) continue;
            endedSilently++;
            sessions.delete(user);
          }
          closed.add(ch);
          break;
      }
    }
    for (const action of ['AEC_LIVE_SET_CHANNEL_UPLOADER', 'AEC_LIVE_UNSET_CHANNEL_UPLOADER', 'AEC_LIVE_DELETE_CHANNEL', 'AEC_LIVE_LIVEPROXY_APPLY_UPLOAD_CHANNEL', 'AEC_LIVE_USER_OFFLINE']) {
      expect(seen.has(action), action).toBe(true);
    }
    expect(endedSilently).toBeGreaterThan(0);
    // Waves: after the ramp the audience both grows and shrinks markedly.
    const viewers = counts.slice(30).map((c) => c.viewers);
    expect(Math.max(...viewers) - Math.min(...viewers)).toBeGreaterThan(80 * 0.3);
  });

  it('stops a viewer answered "0" to PLAYING: no more reports for that session', () => {
    const { sent } = play(9, 6 * 20, (p) => (p.action === 'AEC_LIVE_USER_PLAYING' ? deny : allow));
    // Sessions open at ONLINE; a GLOBAL_PUBLIC one opens unseen, its first PLAYING a minute after joining.
    const stoppedAt = new Map<string, number>();
    for (const { tick, payload: p } of sent) {
      const key = `${p.userId}|${p.channelId}`;
      if (p.action === 'AEC_LIVE_USER_ONLINE') stoppedAt.delete(key);
      if (p.action !== 'AEC_LIVE_USER_PLAYING') continue;
      const stopped = stoppedAt.get(key);
      expect(stopped !== undefined && tick - stopped < 6, `PLAYING right after a "0"`).toBe(false);
      stoppedAt.set(key, tick);
    }
    expect(stoppedAt.size).toBeGreaterThan(10);
  });
});
