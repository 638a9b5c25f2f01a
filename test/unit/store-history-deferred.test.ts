// The traffic history of a snapshot is read after start from its text, one chunk a step: it must
// load exactly what the parsed JSON would, keep the changes that came meanwhile, and a damaged
// text must stop the load (what came before kept, the text handed over), never throw.

import { describe, expect, it } from 'vitest';
import type { Change } from '../../server/domain/changes';
import { TrafficHistory } from '../../server/store';
import { JsonText } from '../../server/store/json-text';
import { captureHistory, historyPieces } from '../../server/store/history/history-codec';

const NOW = Date.UTC(2025, 5, 15, 12, 0, 30);
const MINUTE = 60_000;
const HOUR = 3_600_000;

/** 400 viewers over 5 channels for 3 hours: several chunks per table. */
function busyHistory(): TrafficHistory {
  const h = new TrafficHistory();
  for (let minute = 180; minute > 0; minute -= 7) {
    for (let u = 0; u < 400; u++) {
      h.observe({ op: 'viewerReport', channelId: `c${u % 5}`, userId: `viewer-${u}`, at: NOW - minute * MINUTE, bytes: 1000 + u, counted: true } as Change);
    }
  }
  h.observe({ op: 'uploaderReport', channelId: 'c0', userId: 'host', at: NOW - HOUR, counted: true } as Change);
  return h;
}

/** The history's text exactly as a snapshot writes it. */
function textOf(h: TrafficHistory): JsonText {
  const capture = captureHistory(h);
  const text = [...historyPieces(capture)].join('');
  capture.release();
  return new JsonText(Buffer.from(text, 'utf8'));
}

describe('a traffic history read from its text', () => {
  it('loads what the parsed JSON loads, the totals at once and the tables after', async () => {
    const source = busyHistory();
    const text = textOf(source);
    const fromText = TrafficHistory.fromJSON(text);
    // The summary reads the totals straight away.
    expect([...fromText.globalMinutes]).toEqual([...source.globalMinutes]);
    await fromText.whenLoaded();
    expect(fromText.unreadable).toBeNull();
    expect(fromText.toJSON()).toEqual(TrafficHistory.fromJSON(text.parse()).toJSON());
    expect(fromText.userTotals('24h', NOW)).toEqual(source.userTotals('24h', NOW));
  });

  it('applies what happened while it loaded after the load, as if loaded first', async () => {
    const source = busyHistory();
    const late = { op: 'viewerReport', channelId: 'c1', userId: 'viewer-1', at: NOW, bytes: 777, counted: true } as Change;
    const fromText = TrafficHistory.fromJSON(textOf(source));
    fromText.observe(late);
    source.observe(late);
    await fromText.whenLoaded();
    expect(fromText.toJSON()).toEqual(source.toJSON());
  });

  it('stops at damaged text: what came before is kept, the text is handed over, nothing throws', async () => {
    const good = textOf(busyHistory()).bytes.toString('utf8');
    // Cut inside the users' daily table: the channel tables come before it in the text.
    const at = good.indexOf('"userDays"') + 200;
    const damaged = new JsonText(Buffer.from(`${good.slice(0, at)}"}}${good.slice(at + 3)}`, 'utf8'));
    const history = TrafficHistory.fromJSON(damaged);
    await history.whenLoaded();
    expect(history.unreadable?.text).toBe(damaged);
    expect(history.unreadable?.reason).toMatch(/JSON|expected/);
    expect(history.channelSeries('c1', '1h', NOW + MINUTE).some((p) => p.bytes > 0)).toBe(true);
    // And it goes on observing.
    history.observe({ op: 'viewerReport', channelId: 'c9', userId: 'new', at: NOW, bytes: 5, counted: true } as Change);
    expect(history.channelSeries('c9', '1h', NOW + MINUTE).some((p) => p.bytes === 5)).toBe(true);
  });
});
