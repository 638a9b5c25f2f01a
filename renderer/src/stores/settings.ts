// The settings in effect, where each came from, and what waits for a restart: read on sign-in
// (the health thresholds need them) and by the Settings view, replaced after each save.
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import { defaultSettings, type SettingsResponse } from '../../../server/contract';
import { api } from '../api/client';

export const useSettingsStore = defineStore('settings', () => {
  const response = shallowRef<SettingsResponse | null>(null);
  const settings = computed(() => response.value?.settings ?? defaultSettings);

  async function load(): Promise<SettingsResponse> {
    response.value = await api.get<SettingsResponse>('/api/settings');
    return response.value;
  }

  function accept(next: SettingsResponse): void {
    response.value = next;
  }

  return { response, settings, load, accept };
});
