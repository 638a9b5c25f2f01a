// The settings being edited: a copy of what is in effect, what differs from it (sent as a
// partial update), and the save.
import { computed, ref } from 'vue';
import type { SettingsResponse, SettingsView } from '../../../server/contract';
import { api } from '../api/client';
import { t } from '../i18n';
import { useSettingsStore } from '../stores/settings';
import { describeFailure, useFailure } from './useFailure';
import { useToasts } from './useToasts';

export function useSettingsDraft() {
  const store = useSettingsStore();
  const toasts = useToasts();
  const fail = useFailure();
  const draft = ref<SettingsView | null>(null);
  const loadError = ref<string | null>(null);
  const saving = ref(false);

  function accept(response: SettingsResponse): void {
    store.accept(response);
    draft.value = structuredClone(response.settings);
  }

  store.load().then(accept, (e: unknown) => (loadError.value = describeFailure(e).detail));

  const changes = computed((): Partial<SettingsView> => {
    const saved = store.response?.settings;
    if (!saved || !draft.value) return {};
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(draft.value) as (keyof SettingsView)[]) {
      if (JSON.stringify(draft.value[key]) !== JSON.stringify(saved[key])) out[key] = draft.value[key];
    }
    return out as Partial<SettingsView>;
  });
  const changed = computed(() => Object.keys(changes.value).length);

  async function save(): Promise<void> {
    saving.value = true;
    try {
      accept(await api.put<SettingsResponse>('/api/settings', changes.value));
      toasts.success(t('settings.saved'));
    } catch (e) {
      fail(t('settings.save'), e);
    } finally {
      saving.value = false;
    }
  }

  function reset(): void {
    if (store.response) draft.value = structuredClone(store.response.settings);
  }

  return { draft, loadError, saving, changed, save, reset };
}
