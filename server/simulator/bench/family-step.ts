// The families' step of the bench: on our server, after the USER_PLAYING sizes and the burst (so
// the state holds their viewer sessions, as a studio's would), each family's items are set
// up and its most frequent action measured in each connection mode against the same run's
// ceiling (family-requests.ts says which action and why).

import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPORT_INTERVAL_SECONDS } from './load-requests';
import { residentBytes } from './processes';
import { FAMILY_ACTION } from './family-requests';
import type { BenchFamily } from './family-requests';
import { setUpFamily } from './family-fill';
import { countedByServer } from './family-counts';
import { loadRuns, ratiosToCeiling, say } from './bench-run';
import type { BenchRun, Ours } from './bench-run';
import type { FamilyResult } from './report';
import { writeSessions } from './state-fill';

const FILL_CONCURRENCY = 64;

async function measureFamily(run: BenchRun, ours: Ours, family: BenchFamily, sessionsInState: number): Promise<FamilyResult> {
  const { config } = run.r;
  say(`${family}: setting up ${config.familySize} items`);
  const started = performance.now();
  const setUp = await setUpFamily(ours.aecUrl, family, config.familySize, run.nextTs, FILL_CONCURRENCY);
  const elapsedMs = Math.round(performance.now() - started);
  // The calls' first minute was at nextTs: the load starts a minute later.
  run.nextTs += REPORT_INTERVAL_SECONDS;
  const result: FamilyResult = {
    family,
    action: FAMILY_ACTION[family],
    items: setUp.items.length,
    sessionsInState,
    fill: { ...setUp.fill, elapsedMs },
    loads: {},
    ratioToCeiling: {},
    rssBytesAfter: null,
    countedByServer: null,
    sent: 0,
  };
  if (setUp.fill.denied + setUp.fill.errors > 0) run.r.problems.push(`setting up ${family}: ${setUp.fill.denied} refused, ${setUp.fill.errors} errors (${setUp.fill.firstProblem})`);
  if (setUp.items.length === 0) return result;
  const itemsFile = path.join(run.tmp, `family-${family}.json`);
  await writeSessions(itemsFile, setUp.items);
  say(`${family}: ${result.action} load over ${setUp.items.length} items, ${config.durationSeconds} s per mode (${config.connectionModes.join(', ')})`);
  const before = await countedByServer(ours.adminOrigin, ours.token, family);
  result.loads = await loadRuns(run, ours.aecUrl, itemsFile, family);
  const after = await countedByServer(ours.adminOrigin, ours.token, family);
  result.ratioToCeiling = ratiosToCeiling(run.r.ceiling, result.loads);
  result.rssBytesAfter = await residentBytes(ours.server.pid);
  result.sent = Object.values(result.loads).reduce((sum, load) => sum + load.sent, 0);
  result.countedByServer = before === null || after === null ? null : after - before;
  const allowed = Object.values(result.loads).reduce((sum, load) => sum + load.allowed, 0);
  if (result.countedByServer !== null && result.countedByServer < allowed) {
    run.r.problems.push(`${family}: the server counted ${result.countedByServer} of ${allowed} measured "1" replies: some were not counted work`);
  }
  return result;
}

/** Every family asked for (`config.families`), one after the other. */
export async function measureFamilies(run: BenchRun, ours: Ours, sessionsInState: number): Promise<void> {
  for (const family of run.r.config.families) {
    run.r.families.push(await measureFamily(run, ours, family, sessionsInState));
  }
}
