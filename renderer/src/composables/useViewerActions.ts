// Kick and ban a viewer. A kick waits 10 s before it is sent, so "Undo" in its toast simply
// cancels it (the media server has no way to take a kick back); a ban takes effect at once and
// "Undo" lifts it. Either way the media server learns it at the viewer's next report.
import { reactive, ref } from 'vue';
import type { ActionResult } from '../../../server/contract';
import { api, channelPath } from '../api/client';
import { t } from '../i18n';
import { useBansStore } from '../stores/bans';
import { useOverviewStore } from '../stores/overview';
import { useFailure } from './useFailure';
import { UNDO_MS, useToasts } from './useToasts';

export function useViewerActions(channelId: () => string, afterChange: () => void) {
  const toasts = useToasts();
  const fail = useFailure();
  const overview = useOverviewStore();
  const bans = useBansStore();
  const busyUser = ref<string | null>(null);
  /** Kicks waiting out their undo time: user id -> timer. */
  const pendingKicks = reactive(new Map<string, ReturnType<typeof setTimeout>>());

  async function sendKick(userId: string): Promise<void> {
    pendingKicks.delete(userId);
    busyUser.value = userId;
    try {
      const result = await api.post<ActionResult>(channelPath(channelId(), `/viewers/${encodeURIComponent(userId)}/kick`));
      overview.applyRows([result.channel]);
      toasts.success(t('viewers.kicked', { user: userId }), { key: 'kicked' });
      afterChange();
    } catch (e) {
      fail(t('viewers.kickFailed', { user: userId }), e);
    } finally {
      busyUser.value = null;
    }
  }

  function kick(userId: string): void {
    if (pendingKicks.has(userId)) return;
    pendingKicks.set(userId, setTimeout(() => void sendKick(userId), UNDO_MS));
    toasts.info(t('viewers.kicking', { user: userId }), {
      key: `kick:${userId}`,
      testid: 'kick-toast',
      undo: () => {
        clearTimeout(pendingKicks.get(userId));
        pendingKicks.delete(userId);
        toasts.info(t('viewers.kickUndone', { user: userId }));
      },
    });
  }

  /** After the ban dialog: offer to take it back. */
  function banned(userId: string): void {
    afterChange();
    toasts.success(t('viewers.banned', { user: userId }), {
      key: `ban:${userId}`,
      testid: 'ban-toast',
      undo: async () => {
        try {
          await bans.lift(userId);
          toasts.info(t('viewers.banUndone', { user: userId }));
          afterChange();
        } catch (e) {
          fail(t('bans.liftFailed', { user: userId }), e);
        }
      },
    });
  }

  return { kick, banned, busyUser, pendingKicks };
}
