// The last 30 minutes of bytes per channel for the board's sparklines: fetched when the board
// opens and again after each minute rolls over (never streamed: it changes once a minute).
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ChannelSparklines } from '../../../server/contract';
import { api } from '../api/client';

export const SPARK_MINUTES = 30;

export const useSparklinesStore = defineStore('sparklines', () => {
  const data = shallowRef<ChannelSparklines | null>(null);
  const users = ref(0);
  let timer: ReturnType<typeof setTimeout> | null = null;

  async function load(): Promise<void> {
    try {
      data.value = await api.get<ChannelSparklines>(`/api/channels/sparklines?minutes=${SPARK_MINUTES}`);
    } catch {
      // a missed minute only leaves the lines a minute old
    }
  }

  function schedule(): void {
    // Two seconds past the minute: the server has rolled the previous one over by then.
    const wait = 60_000 - (Date.now() % 60_000) + 2_000;
    timer = setTimeout(() => {
      void load();
      schedule();
    }, wait);
  }

  /** The board holds the data while shown; the refresh stops when the last user leaves. */
  function use(): () => void {
    users.value += 1;
    if (users.value === 1) {
      void load();
      schedule();
    }
    return () => {
      users.value -= 1;
      if (users.value === 0 && timer) clearTimeout(timer);
    };
  }

  function series(id: string): number[] | null {
    return data.value?.series[id] ?? null;
  }

  return { data, use, series };
});
