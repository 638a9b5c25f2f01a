// The Grafana dashboard and the Prometheus alerts shipped in build/ only work if /metrics
// exports every series they name: a real server is started, fed callbacks, and scraped.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Action } from '../../server/contract';
import { aec, channelId, sendCallback, userId } from '../support/aec-client';
import { startHarness, type Harness } from '../support/harness';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const root = join(import.meta.dirname, '..', '..');

interface GrafanaPanel {
  type: string;
  title: string;
  targets?: { expr: string }[];
}

const dashboard = JSON.parse(readFileSync(join(root, 'build', 'grafana', 'aec-live-monitor.json'), 'utf8')) as {
  panels: GrafanaPanel[];
  templating: { list: { definition?: string }[] };
};
const alerts = yaml.load(readFileSync(join(root, 'build', 'prometheus', 'alerts.yml'), 'utf8')) as {
  groups: { rules: { alert: string; expr: string }[] }[];
};

/** Metric names in PromQL text: ours, and the process and Node.js ones prom-client exports. */
function seriesNames(promql: string): string[] {
  return [...promql.matchAll(/\b(?:aec|process|nodejs)_[a-z0-9_]+\b/g)].map((m) => m[0]);
}

/** Every sample name a scrape can hold: families with their histogram and summary suffixes. */
function exportedNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const match of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [, name, type] = match as unknown as [string, string, string];
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(name + suffix);
  }
  return names;
}

describe('the series the dashboard and the alerts use', () => {
  let harness: Harness;
  let exposition = '';

  beforeAll(async () => {
    harness = await startHarness();
    const channel = channelId();
    const owner = userId();
    const viewer = userId();
    expect((await harness.call(aec.createGlobal(channel, owner))).status).toBe('1');
    expect((await harness.call(aec.online(channel, viewer))).status).toBe('1');
    expect((await harness.call(aec.playing(channel, viewer, 4096))).status).toBe('1');
    await sendCallback(harness.callbackUrl, { action: Action.AEC_CHATROOM_IS_EXIST, userId: owner, roomId: 'room-metrics-1' });
    const res = await fetch(new URL('/metrics', harness.callbackUrl));
    expect(res.status).toBe(200);
    exposition = await res.text();
  });
  afterAll(() => harness?.stop());

  it('exports every series the Grafana dashboard queries', () => {
    const exported = exportedNames(exposition);
    const used = new Set(
      [...dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr)), ...dashboard.templating.list.map((v) => v.definition ?? '')].flatMap(seriesNames),
    );
    expect(used.size).toBeGreaterThan(15);
    expect([...used].filter((name) => !exported.has(name))).toEqual([]);
  });

  it('exports every series the alerting rules use', () => {
    const exported = exportedNames(exposition);
    const rules = alerts.groups.flatMap((group) => group.rules);
    expect(rules.map((rule) => rule.alert).sort()).toEqual([
      'AecAnswerP99OverBudget',
      'AecAnsweredBeforeDurable',
      'AecDenySpike',
      'AecMediaServerSilent',
      'AecStoreFault',
      'AecUpstreamDown',
      'AecUpstreamRepliesUnreadable',
      'AecUpstreamSlow',
    ]);
    const used = new Set(rules.flatMap((rule) => seriesNames(rule.expr)));
    expect([...used].filter((name) => !exported.has(name))).toEqual([]);
  });

  it('counts the traffic, the family and the decision of what was sent', () => {
    expect(exposition).toMatch(/^aec_viewer_bytes_total\{channel_type="GLOBAL_PUBLIC"\} 4096$/m);
    expect(exposition).toMatch(/^aec_viewer_minutes_total\{channel_type="GLOBAL_PUBLIC"\} 1$/m);
    expect(exposition).toMatch(/^aec_channel_viewer_bytes_total\{channel="[^"]+"\} 4096$/m);
    expect(exposition).toMatch(/^aec_callbacks_by_family_total\{family="live",decision="allow"\} 3$/m);
    expect(exposition).toMatch(/^aec_callbacks_by_family_total\{family="chatroom",decision="(allow|deny)"\} 1$/m);
    expect(exposition).toMatch(/^aec_seconds_since_last_callback \d+(\.\d+)?(e-\d+)?$/m);
    expect(exposition).toMatch(/^aec_answer_budget_seconds 1$/m);
    expect(exposition).toMatch(/^aec_journal_fsync_seconds_count [1-9]\d*$/m);
    expect(exposition).toMatch(/^aec_store_faults_total\{part="journal"\} 0$/m);
  });

  it('keeps per-channel series to the metricsChannelLabels busiest, the rest as channel="other"', async () => {
    expect((await harness.json('PUT', '/api/settings', { metricsChannelLabels: 1 })).status).toBe(200);
    const channels = [channelId(), channelId(), channelId()];
    for (const [i, channel] of channels.entries()) {
      const viewer = userId();
      expect((await harness.call(aec.createGlobal(channel, userId()))).status).toBe('1');
      expect((await harness.call(aec.online(channel, viewer))).status).toBe('1');
      expect((await harness.call(aec.playing(channel, viewer, 1000 * (i + 1)))).status).toBe('1');
    }
    const text = await (await fetch(new URL('/metrics', harness.callbackUrl))).text();
    const perChannel = [...text.matchAll(/^aec_channel_viewer_bytes_total\{channel="([^"]+)"\} (\d+)$/gm)].map((m) => [m[1]!, Number(m[2])] as const);
    expect(perChannel.map(([channel]) => channel)).toContain('other');
    expect(perChannel.length).toBeLessThanOrEqual(2);
    expect(perChannel.reduce((n, [, bytes]) => n + bytes, 0)).toBe(4096 + 6000);
  });
});
