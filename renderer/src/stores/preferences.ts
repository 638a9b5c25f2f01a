// What this operator chose on this screen (kept in this browser): sounds, browser notifications,
// the big-screen mode.
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';

function stored(key: string): boolean {
  try {
    return localStorage.getItem(key) === '1';
  } catch {
    return false;
  }
}

function persisted(key: string) {
  const value = ref(stored(key));
  watch(value, (on) => {
    try {
      localStorage.setItem(key, on ? '1' : '0');
    } catch {
      // private mode: the choice lasts for this page only
    }
  });
  return value;
}

export const usePreferencesStore = defineStore('preferences', () => {
  const sound = persisted('aec.sound');
  const browserNotifications = persisted('aec.notify');
  const bigScreen = persisted('aec.bigScreen');
  return { sound, browserNotifications, bigScreen };
});
