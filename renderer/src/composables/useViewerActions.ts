// Kick a viewer off a channel: refused at once here, stopped at their next report there.
import { ref } from 'vue';
import { useMessage } from 'naive-ui';
import type { ActionResult } from '../../../server/contract';
import { api, channelPath } from '../api/client';
import { useOverviewStore } from '../stores/overview';
import { useFailure } from './useFailure';

export function useViewerActions(channelId: () => string, afterChange: () => void) {
  const message = useMessage();
  const fail = useFailure();
  const overview = useOverviewStore();
  const busyUser = ref<string | null>(null);

  async function kick(userId: string): Promise<void> {
    busyUser.value = userId;
    try {
      const result = await api.post<ActionResult>(channelPath(channelId(), `/viewers/${encodeURIComponent(userId)}/kick`));
      overview.applyRows([result.channel]);
      message.info(result.message || `${userId} is stopped at their next report, within a minute.`, { duration: 6000 });
      afterChange();
    } catch (e) {
      fail(`Kick ${userId}`, e);
    } finally {
      busyUser.value = null;
    }
  }

  return { kick, busyUser };
}
