import { describe, expect, it } from 'vitest';
import { World, ev, expectAllow, expectDeny } from './domain-helpers';

// The media server retries a report it got no answer to; nothing public says it does not.
describe('retried reports are not counted twice', () => {
  it('a PLAYING retried after its "0" ended the session adds no bytes again', () => {
    const world = new World();
    world.send(ev.create('GLOBAL_PUBLIC', 'Wz@NWuVj8Tx5aa4a', '577175'));
    world.send(ev.user('userOnline', 'Wz@NWuVj8Tx5aa4a', '900001'));
    world.operate({ kind: 'close', channelId: 'Wz@NWuVj8Tx5aa4a' });
    expectDeny(world.send(ev.playing('Wz@NWuVj8Tx5aa4a', '900001', 400, 1561083260)), 'channelNotOpen', 'Wz@NWuVj8Tx5aa4a');
    const retry = expectDeny(world.send(ev.playing('Wz@NWuVj8Tx5aa4a', '900001', 400, 1561083260)), 'channelNotOpen');
    expect(retry.reason).toContain('not counted again');
    expect(world.channel('Wz@NWuVj8Tx5aa4a').bytes).toBe(400);
    expect(world.state.totals.bytes).toBe(400);
  });

  it('a late report with a new ts after the "0" still counts its bytes', () => {
    const world = new World();
    world.send(ev.create('GLOBAL_PUBLIC', 'Wz@NWuVj8Tx5aa4a', '577175'));
    world.send(ev.user('userOnline', 'Wz@NWuVj8Tx5aa4a', '900001'));
    world.operate({ kind: 'close', channelId: 'Wz@NWuVj8Tx5aa4a' });
    world.send(ev.playing('Wz@NWuVj8Tx5aa4a', '900001', 400, 1561083260));
    world.send(ev.playing('Wz@NWuVj8Tx5aa4a', '900001', 100, 1561083320));
    expect(world.channel('Wz@NWuVj8Tx5aa4a').bytes).toBe(500);
  });

  it('a repeated OFFLINE with the same ts adds its discharge once', () => {
    const world = new World();
    world.send(ev.create('GLOBAL_PUBLIC', 'Wz@NWuVj8Tx5aa4a', '577175'));
    world.send(ev.user('userOnline', 'Wz@NWuVj8Tx5aa4a', '900001'));
    const offline = { ...ev.offline('Wz@NWuVj8Tx5aa4a', '900001', 50), ts: 1561083300 };
    expectAllow(world.send(offline));
    const again = expectAllow(world.send(offline));
    expect(again.reason).toContain('not counted again');
    expect(world.channel('Wz@NWuVj8Tx5aa4a').bytes).toBe(50);
    expect(world.viewers('Wz@NWuVj8Tx5aa4a')).toBe(0);
  });
});

describe('a kicked viewer retrying the report answered "0"', () => {
  it('is refused again, without counting the bytes twice or bringing the session back', () => {
    const world = new World();
    world.send(ev.create('GLOBAL_PUBLIC', 'Wz@NWuVj8Tx5aa4a', '577175'));
    world.send(ev.user('userOnline', 'Wz@NWuVj8Tx5aa4a', '900001'));
    world.operate({ kind: 'kick', channelId: 'Wz@NWuVj8Tx5aa4a', userId: '900001' });
    expectDeny(world.send(ev.playing('Wz@NWuVj8Tx5aa4a', '900001', 400, 1561083260)), 'viewerKicked', '900001');
    expectDeny(world.send(ev.playing('Wz@NWuVj8Tx5aa4a', '900001', 400, 1561083260)), 'viewerKicked', '900001');
    expect(world.channel('Wz@NWuVj8Tx5aa4a').bytes).toBe(400);
    expect(world.viewers('Wz@NWuVj8Tx5aa4a')).toBe(0);
  });
});
