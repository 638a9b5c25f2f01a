// Active bans, pushed by the stream's `bans` event and refreshed after each ban/lift.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { BanRow } from '../../../server/contract';
import { api } from '../api/client';

export const useBansStore = defineStore('bans', () => {
  const bans = shallowRef<BanRow[]>([]);
  const loaded = shallowRef(false);

  function replace(next: BanRow[]): void {
    bans.value = next;
    loaded.value = true;
  }

  async function load(): Promise<void> {
    replace(await api.get<BanRow[]>('/api/bans'));
  }

  async function ban(userId: string, durationSeconds: number | null, reason: string): Promise<BanRow> {
    const row = await api.post<BanRow>('/api/bans', { userId, durationSeconds, reason: reason || undefined });
    replace([row, ...bans.value.filter((b) => b.userId !== row.userId)]);
    return row;
  }

  async function lift(userId: string): Promise<void> {
    await api.del<void>(`/api/bans/${encodeURIComponent(userId)}`);
    replace(bans.value.filter((b) => b.userId !== userId));
  }

  return { bans, loaded, replace, load, ban, lift };
});
