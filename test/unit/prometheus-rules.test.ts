// build/prometheus/alerts.yml is checked by Prometheus's own tool: its syntax and PromQL
// (`promtool check rules`) and its behaviour on made-up series (`promtool test rules`: each
// alert fires when it should and stays quiet before). promtool is Debian's `prometheus` package;
// .ci/run installs it. Set PROMTOOL to use another binary.

import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const promtool = process.env.PROMTOOL ?? 'promtool';
const available = spawnSync(promtool, ['--version'], { stdio: 'ignore' }).status === 0;
const why = available ? '' : ` (skipped: ${promtool} not found; apt-get install prometheus, or set PROMTOOL)`;

function run(args: string[]): string {
  return execFileSync(promtool, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe.skipIf(!available)(`Prometheus alerting rules${why}`, () => {
  it('pass promtool check rules', () => {
    expect(run(['check', 'rules', 'build/prometheus/alerts.yml'])).toMatch(/SUCCESS: 8 rules found/);
  });

  it('fire when they should and not before (promtool test rules)', () => {
    expect(run(['test', 'rules', 'build/prometheus/alerts.test.yml'])).toMatch(/SUCCESS/);
  });
});
