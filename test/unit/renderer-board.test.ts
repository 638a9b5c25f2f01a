// The live-first board's order and its honest numbers (renderer/src/lib/board.ts).
import { describe, expect, it } from 'vitest';
import type { ChannelRow } from '../../server/contract';
import { buildBoard, capacityLook, denialSpike, waitingForFirstMinute } from '../../renderer/src/lib/board';

const NOW = new Date(2026, 5, 1, 15, 30, 20).getTime();
const MIN = 60_000;

function row(id: string, patch: Partial<ChannelRow> = {}): ChannelRow {
  return {
    id, type: 'LOGIN_PUBLIC', owner: 'u1', name: null, roomId: null, groupId: null, listType: null,
    state: 'idle', lifecycle: 'open', adopted: false, viewers: 0, uploaders: 0, capacity: 100, bytes: 0,
    bytesLastMinute: 0, createdAt: NOW - 60 * MIN, liveSince: null, closedBy: null, closeRequestedAt: null,
    lastEventAt: NOW - MIN, ...patch,
  };
}

describe('the board', () => {
  it('puts live channels first (biggest audience first), then stale, closing and idle ones', () => {
    const board = buildBoard(
      [row('idle'), row('closing', { state: 'closing' }), row('small', { state: 'live', viewers: 2 }), row('stale', { state: 'stale' }), row('big', { state: 'live', viewers: 90 })],
      NOW,
    );
    expect(board.active.map((r) => r.id)).toEqual(['big', 'small', 'stale', 'closing', 'idle']);
  });

  it('folds ended shows into today (most recent first) and earlier', () => {
    const board = buildBoard(
      [
        row('morning', { state: 'closed', lifecycle: 'closed', lastEventAt: NOW - 6 * 60 * MIN }),
        row('lunch', { state: 'closed', lifecycle: 'closed', lastEventAt: NOW - 60 * MIN }),
        row('yesterday', { state: 'closed', lifecycle: 'closed', lastEventAt: NOW - 24 * 60 * MIN }),
        row('gone', { state: 'deleted', lifecycle: 'deleted', lastEventAt: NOW - 5 * MIN }),
        row('on', { state: 'live' }),
      ],
      NOW,
    );
    expect(board.active.map((r) => r.id)).toEqual(['on']);
    expect(board.endedToday.map((r) => r.id)).toEqual(['gone', 'lunch', 'morning']);
    expect(board.endedEarlier.map((r) => r.id)).toEqual(['yesterday']);
  });

  it('says "waiting" for a channel that has not had a full minute on air, not zero', () => {
    const previousMinuteStart = (Math.floor(NOW / MIN) - 1) * MIN;
    expect(waitingForFirstMinute(row('new', { state: 'live', liveSince: previousMinuteStart + 5_000 }), NOW)).toBe(true);
    expect(waitingForFirstMinute(row('old', { state: 'live', liveSince: previousMinuteStart - 5_000 }), NOW)).toBe(false);
    expect(waitingForFirstMinute(row('counted', { state: 'live', liveSince: NOW - 1000, bytesLastMinute: 10 }), NOW)).toBe(false);
    expect(waitingForFirstMinute(row('off'), NOW)).toBe(false);
  });

  it('flags an audience above capacity, and one near it', () => {
    expect(capacityLook({ viewers: 9, capacity: 2 })).toBe('over');
    expect(capacityLook({ viewers: 95, capacity: 100 })).toBe('near');
    expect(capacityLook({ viewers: 10, capacity: 100 })).toBe('ok');
    expect(capacityLook({ viewers: 10, capacity: 0 })).toBe('none');
  });

  it('calls a denial rate a spike only when it is both many and a tenth of all calls', () => {
    expect(denialSpike(4, 10)).toBe(false);
    expect(denialSpike(5, 40)).toBe(true);
    expect(denialSpike(20, 1000)).toBe(false);
  });
});
