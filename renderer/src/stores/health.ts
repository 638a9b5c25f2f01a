// The studio health signal, computed once from the summary, the stream and the settings. It
// remembers when something was last on air, so a media server that died mid-show stays red
// after its sessions aged out, while an empty studio at night stays calm.
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { studioHealth, type Health } from '../health/healthSignal';
import { useOverviewStore } from './overview';
import { useSessionStore } from './session';
import { useSettingsStore } from './settings';

/** A report is due every minute: busy this recently means the silence began mid-show. */
const BUSY_MEMORY_MS = 90_000;

export const useHealthStore = defineStore('health', () => {
  const overview = useOverviewStore();
  const session = useSessionStore();
  const settings = useSettingsStore();
  const lastBusyAt = ref<number | null>(null);

  watch(
    () => overview.summary,
    (summary) => {
      if (summary && (summary.channels.live > 0 || summary.viewers > 0 || summary.uploaders > 0 || summary.calls.active > 0)) {
        lastBusyAt.value = summary.now;
      }
    },
  );

  const health = computed((): Health => {
    const summary = overview.summary;
    const last = summary?.lastCallbackAt ?? null;
    const busy = lastBusyAt.value;
    return studioHealth({
      now: session.now,
      stream: session.stream,
      lastCallbackAt: summary ? last : Date.now(),
      expectingCalls: busy !== null && last !== null && busy >= last - BUSY_MEMORY_MS,
      warnSeconds: settings.settings.silenceWarnSeconds,
      alarmSeconds: settings.settings.silenceAlarmSeconds,
      store: {
        ok: summary?.store.ok ?? true,
        problems: summary?.store.problems.length ?? 0,
        pendingRecords: summary?.store.pendingRecords ?? 0,
        answeredBeforeDurable: summary?.store.answeredBeforeDurable ?? 0,
        lastAnsweredBeforeDurableAt: summary?.store.lastAnsweredBeforeDurableAt ?? null,
      },
      upstream: summary?.upstream ? { ok: summary.upstream.ok } : null,
    });
  });

  /** Numbers on screen may be old: the stream is not live. */
  const stale = computed(() => session.stream !== 'live');

  return { health, stale, lastBusyAt };
});
