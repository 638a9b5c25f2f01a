// A studio with something in every view, and a walk through the views, for the checks that
// must hold everywhere (accessibility, translation).
import type { Page } from '@playwright/test';
import { expectAllowed, type AecClient } from '../../support/aec-client';
import { expect } from './fixtures';

export const LIVE = 'Wz@NWuVj8Tx5aa4a';
export const ENDED = 'a4aDXK2lEWucjFTB';

/** A live show with viewers and traffic, a closed one, a denial, a ban. */
export async function furnish(aec: AecClient): Promise<void> {
  await expectAllowed(aec.createChannel(LIVE, '577175', 'Morning show', 2));
  await aec.goLive(LIVE, '577175');
  for (const viewer of ['900001', '900002']) await expectAllowed(aec.online(LIVE, viewer));
  await expectAllowed(aec.playing(LIVE, '900001', 3 * 1024 * 1024));
  await expectAllowed(aec.createChannel(ENDED, '577176', 'Yesterday rerun'));
  await aec.goLive(ENDED, '577176');
  await aec.send('AEC_LIVE_UPLOADER_DISCONNECT', { channelId: ENDED, userId: '577176' });
  await aec.send('AEC_LIVE_CLOSE_CHANNEL', { channelId: ENDED, userId: '577176' });
  await aec.createChannel('Wz@NWuVjTooBig00', '892501', 'too big', 9999);
  await expectAllowed(aec.send('AEC_CHATROOM_CREATE', { userId: 'host1', roomId: 'a4a8_Room_Quiz01', roomType: 'CHAT_ROOM_TYPE_LOGIN', conCurrentNumber: '50', userDefineData: 'Quiz night' }));
  await aec.send('AEC_GROUP_CREATE', { userId: 'owner', addUsers: 'owner,m1,m2', userDefineData: 'Crew' });
  await expectAllowed(aec.send('AEC_VOIP_USER_ONLINE', { userId: 'caller-1', userId2: 'callee-1', time: String(Math.floor(Date.now() / 1000)) }));
}

export interface ViewStop {
  name: string;
  /** Opens the view and waits until it shows its data. */
  open(page: Page): Promise<void>;
}

export const VIEW_STOPS: ViewStop[] = [
  {
    name: 'channels',
    open: async (page) => {
      await page.evaluate(() => (window.location.hash = '#/channels'));
      await expect(page.getByTestId(`channel-row-${LIVE}`)).toBeVisible();
      const ended = page.getByTestId('ended-section');
      if ((await ended.count()) > 0 && !(await ended.evaluate((d) => (d as HTMLDetailsElement).open))) await page.getByTestId('ended-toggle').click();
    },
  },
  {
    name: 'channel',
    open: async (page) => {
      await page.evaluate((id) => (window.location.hash = `#/channel/${encodeURIComponent(id)}`), LIVE);
      await expect(page.getByTestId('session-row-900001')).toBeVisible();
      await expect(page.getByTestId('series-chart').first()).toBeVisible();
    },
  },
  {
    name: 'traffic',
    open: async (page) => {
      await page.evaluate(() => (window.location.hash = '#/traffic'));
      await expect(page.getByTestId('top-channels')).toContainText(LIVE);
    },
  },
  {
    name: 'audit',
    open: async (page) => {
      await page.evaluate(() => (window.location.hash = '#/audit'));
      const denial = page.locator('[data-decision="deny"]').first();
      await expect(denial).toBeVisible();
      if ((await page.getByTestId('audit-detail').count()) === 0) await denial.getByRole('button').last().click();
      await expect(page.getByTestId('audit-detail')).toBeVisible();
    },
  },
  {
    name: 'calls',
    open: async (page) => {
      await page.evaluate(() => (window.location.hash = '#/calls'));
      await expect(page.locator('[data-testid^="call-row-"]').first()).toBeVisible();
    },
  },
  {
    name: 'chatrooms',
    open: async (page) => {
      await page.evaluate(() => (window.location.hash = '#/chatrooms'));
      await expect(page.getByTestId('room-row-a4a8_Room_Quiz01')).toBeVisible();
    },
  },
  {
    name: 'groups',
    open: async (page) => {
      await page.evaluate(() => (window.location.hash = '#/groups'));
      await expect(page.locator('[data-testid^="group-row-"]').first()).toBeVisible();
    },
  },
  {
    name: 'settings',
    open: async (page) => {
      await page.evaluate(() => (window.location.hash = '#/settings'));
      await expect(page.getByTestId('setting-callbackPort')).toBeVisible();
    },
  },
];
