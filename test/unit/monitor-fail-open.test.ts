// A bug of ours (a decision that throws) must not end a show or a call: reports, teardowns and
// every call action are answered "1" with the error kept in the reason; anything else "0".

import { describe, expect, it } from 'vitest';
import { DenyCode } from '../../server/contract';
import { Monitor } from '../../server/core/monitor';
import { emptyState, type AecEvent } from '../../server/domain';
import { parseEvent } from '../../server/protocol';

function event(payload: Record<string, string>): AecEvent {
  const parsed = parseEvent(JSON.stringify(payload));
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.event;
}

const broken = new Monitor(emptyState(), { append: async () => undefined }, [], () => {
  throw new Error('a bug in deciding');
});

describe('an internal error while deciding', () => {
  it.each([
    ['a viewer minute report', { action: 'AEC_LIVE_USER_PLAYING', channelId: 'c', userId: 'u', discharge: '5' }],
    ['an uploader minute report', { action: 'AEC_LIVE_UPLOADER_UPLOADING', channelId: 'c', userId: 'u' }],
    ['a viewer leaving', { action: 'AEC_LIVE_USER_OFFLINE', channelId: 'c', userId: 'u', discharge: '5' }],
    ['a call starting', { action: 'AEC_VOIP_USER_ONLINE', userId: 'a', userId2: 'b' }],
    ['a call minute', { action: 'AEC_VOIP_USER_PLAYING', userId: 'a', userId2: 'b' }],
  ])('lets %s through, and says why', async (_what, payload) => {
    const decision = await broken.handleCallback(event(payload), Date.now());
    expect(decision.allow).toBe(true);
    expect(decision.reason).toMatch(/internal error while deciding \(a bug in deciding\)/);
  });

  it.each([
    ['a chat room create', { action: 'AEC_CHATROOM_CREATE', userId: 'u', roomId: 'a4a8_R', roomType: '1', conCurrentNumber: '5' }],
    ['a group create', { action: 'AEC_GROUP_CREATE', userId: 'u', addUsers: 'x' }],
  ])('refuses %s with the internal-error code', async (_what, payload) => {
    const decision = await broken.handleCallback(event(payload), Date.now());
    expect(decision).toMatchObject({ allow: false, code: DenyCode.internalError });
  });
});
