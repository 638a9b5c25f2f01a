// What our server counted for a family, read back through the admin API, to show that every
// measured request was work it did (a minute of a call, a join of a room, a group handed over)
// and not a retry it skipped: the sum of the rows' counters before and after a load.

import type { BenchFamily } from './family-requests';

const SOURCES: Readonly<Record<BenchFamily, { path: string; field: string }>> = {
  chatroom: { path: '/api/chatrooms', field: 'askedCount' },
  group: { path: '/api/groups', field: 'syncCount' },
  call: { path: '/api/calls', field: 'minutes' },
};

/** The sum of one numeric field over rows; rows without it count 0. */
export function sumField(rows: unknown, field: string): number | null {
  if (!Array.isArray(rows)) return null;
  let sum = 0;
  for (const row of rows) {
    const value = typeof row === 'object' && row !== null ? (row as Record<string, unknown>)[field] : undefined;
    if (typeof value === 'number' && Number.isFinite(value)) sum += value;
  }
  return sum;
}

/** The family's counter summed over all its rows; null when the admin API cannot be read. */
export async function countedByServer(origin: string | null, token: string, family: BenchFamily): Promise<number | null> {
  if (origin === null) return null;
  const { path, field } = SOURCES[family];
  try {
    const res = await fetch(`${origin}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) return null;
    return sumField(await res.json(), field);
  } catch {
    return null;
  }
}
