// Is the page signed in, and is the live stream up? Drives the login form and the header badge.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';

export type AuthState = 'unknown' | 'signedIn' | 'needsLogin';
export type StreamState = 'connecting' | 'live' | 'reconnecting';

export const useSessionStore = defineStore('session', () => {
  const auth = ref<AuthState>('unknown');
  const stream = ref<StreamState>('connecting');
  /** Last time anything arrived on the stream (local clock). */
  const lastStreamEventAt = ref<number | null>(null);
  /** Server clock minus local clock, so "N s ago" uses the server's notion of time. */
  const clockOffset = ref(0);
  /** Local clock, ticking every second, shifted to the server's clock. */
  const localNow = ref(Date.now());
  const now = computed(() => localNow.value + clockOffset.value);
  setInterval(() => (localNow.value = Date.now()), 1000);

  function syncClock(serverNow: number): void {
    clockOffset.value = serverNow - Date.now();
  }

  return { auth, stream, lastStreamEventAt, now, syncClock };
});
