// Child process for store-crash.test.ts: appends numbered records (8 in flight at a time),
// prints "acked <n>" once each is durable, snapshots now and then, until it is killed.

import type { Change } from '../../server/domain/changes';
import { openDataStore } from '../../server/store';

const dir = process.argv[2];
const total = Number(process.argv[3] ?? 100_000);
if (!dir) throw new Error('usage: store-crash-writer <dir> [total]');

const store = await openDataStore<{ users: string[] }>(dir);
const users = [...(store.restored.data?.users ?? [])];
for (const record of store.restored.tail) {
  for (const c of record.changes) if (c.op === 'liftBan') users.push(c.userId);
}
let next = users.reduce((max, u) => Math.max(max, Number(u)), 0) + 1;
const last = next + total;

async function worker(): Promise<void> {
  while (next < last) {
    const n = next++;
    const changes: Change[] = [{ op: 'liftBan', userId: String(n), at: Date.now() }];
    users.push(String(n)); // applied in memory before it is durable, as the server does
    await store.append(changes, Date.now());
    process.stdout.write(`acked ${n}\n`);
    if (n % 37 === 0) await store.saveSnapshot({ users });
  }
}

await Promise.all(Array.from({ length: 8 }, () => worker()));
await store.close();
