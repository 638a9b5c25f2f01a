// The simulator's entry points, for server/cli.ts, the demo and the dashboard.

export { Simulator } from './simulator';
export type { SimulatorOptions, SimulationStatus, ActionCounts } from './simulator';
export { runSimulateCommand, SIMULATE_USAGE } from './simulate-command';
export { runBenchCommand, BENCH_USAGE } from './bench/bench-command';
