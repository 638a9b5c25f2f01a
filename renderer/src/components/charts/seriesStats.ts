// What a chart says in words: only finished buckets (the running minute or hour is not over and
// would always look like a drop), the peak and when, the average while there was anything.
export interface Point {
  t: number;
  value: number;
}

export function finishedOnly(points: readonly Point[], bucketMs: number, now: number): Point[] {
  return points.filter((p) => p.t + bucketMs <= now);
}

export function seriesStats(points: readonly Point[]): { peak: Point | null; average: number | null; latest: Point | null } {
  let peak: Point | null = null;
  let sum = 0;
  let active = 0;
  for (const p of points) {
    if (!peak || p.value > peak.value) peak = p;
    if (p.value > 0) {
      sum += p.value;
      active += 1;
    }
  }
  return { peak: peak && peak.value > 0 ? peak : null, average: active ? sum / active : null, latest: points.at(-1) ?? null };
}
