// News the server raises on the live stream (`notice` events: server/contract/notices.ts), handed
// to whatever shows it. Not kept: a notice is news of the moment, and the state it reports is in
// the summary (the health signal, the eventCenter in the header, the storage alert).
import { defineStore } from 'pinia';
import type { Notice } from '../../../server/contract';

export const useNoticesStore = defineStore('notices', () => {
  const listeners = new Set<(notice: Notice) => void>();

  function raise(notice: Notice): void {
    listeners.forEach((l) => l(notice));
  }

  function subscribe(listener: (notice: Notice) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  return { raise, subscribe };
});
