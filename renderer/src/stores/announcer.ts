// The page's polite live region: toasts and state changes are read out by screen readers.
import { defineStore } from 'pinia';
import { ref } from 'vue';

export const useAnnouncerStore = defineStore('announcer', () => {
  const text = ref('');
  function say(next: string): void {
    // Same words twice in a row must be read twice: clear first.
    text.value = '';
    queueMicrotask(() => (text.value = next));
  }
  return { text, say };
});
