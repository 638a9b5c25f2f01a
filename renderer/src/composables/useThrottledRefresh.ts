// Re-fetch something at most once per interval however many changes are announced, and
// never two fetches at once. Views of one channel or a report use it to follow the stream.
import { onBeforeUnmount, ref } from 'vue';

export function useThrottledRefresh(load: () => Promise<void>, intervalMs = 1000) {
  const loading = ref(false);
  let lastStart = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let again = false;
  let stopped = false;

  async function run(): Promise<void> {
    if (stopped) return;
    if (loading.value) {
      again = true;
      return;
    }
    loading.value = true;
    lastStart = Date.now();
    try {
      await load();
    } finally {
      loading.value = false;
      if (again) {
        again = false;
        request();
      }
    }
  }

  /** Ask for a refresh; it happens now or at the end of the current interval. */
  function request(): void {
    if (timer || stopped) return;
    const wait = Math.max(0, lastStart + intervalMs - Date.now());
    timer = setTimeout(() => {
      timer = null;
      void run();
    }, wait);
  }

  onBeforeUnmount(() => {
    stopped = true;
    if (timer) clearTimeout(timer);
  });

  return { loading, request, now: run };
}
