// The audit log by action family: choosing "Chat rooms" shows only chat-room callbacks, those
// already logged and those arriving in the live tail; clearing it brings the rest back.
import type { Page } from '@playwright/test';
import { expect, openDashboard, test } from './support/fixtures';
import { expectAllowed } from '../support/aec-client';

const ROOM = 'a4a8_Room_Quiz01';

function actionCells(page: Page) {
  return page.locator('[data-testid^="audit-row-"] td:nth-child(2)');
}

function option(page: Page, name: string) {
  return page.locator('.n-base-select-menu .n-base-select-option', { hasText: new RegExp(`^${name}$`) });
}

test('choosing a family shows only its callbacks, also as they arrive', async ({ page, monitor, aec }) => {
  await expectAllowed(aec.createChannel('Wz@NWuVjFam0001a', '577175', 'Morning show'));
  await expectAllowed(aec.send('AEC_CHATROOM_CREATE', { userId: 'host1', roomId: ROOM, roomType: 'CHAT_ROOM_TYPE_LOGIN', conCurrentNumber: '50', userDefineData: 'Quiz night' }));
  await aec.send('AEC_GROUP_CREATE', { userId: 'owner', addUsers: 'owner,m1,m2', userDefineData: 'Crew' });
  await expectAllowed(aec.send('AEC_CHATROOM_IS_EXIST', { userId: 'viewer1', roomId: ROOM }));
  await openDashboard(page, monitor);
  await page.getByTestId('nav-audit').click();
  await page.getByTestId('decision-allow').click();
  await page.mouse.move(5, 5);
  await expect(actionCells(page)).toHaveText(['AEC_CHATROOM_IS_EXIST', 'AEC_GROUP_CREATE', 'AEC_CHATROOM_CREATE', 'AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC']);

  await page.getByRole('textbox', { name: 'Filter by action family' }).click();
  await option(page, 'Chat rooms').click();
  await page.mouse.move(5, 5);
  await expect(page.getByTestId('audit-family-filter')).toContainText('Chat rooms');
  await expect(actionCells(page)).toHaveText(['AEC_CHATROOM_IS_EXIST', 'AEC_CHATROOM_CREATE']);

  // The live tail keeps to the family: a channel's callback stays out, the room's comes in.
  await expectAllowed(aec.createChannel('Wz@NWuVjFam0002a', '577176', 'Evening show'));
  await expectAllowed(aec.send('AEC_CHATROOM_IS_EXIST', { userId: 'viewer2', roomId: ROOM }));
  await expect(actionCells(page)).toHaveText(['AEC_CHATROOM_IS_EXIST', 'AEC_CHATROOM_IS_EXIST', 'AEC_CHATROOM_CREATE']);
  await expect(page.locator('[data-testid^="audit-row-"]').first()).toContainText('viewer2');

  // The action list offers the family's own actions only.
  await page.getByRole('textbox', { name: 'Filter by action', exact: true }).click();
  await expect(option(page, 'AEC_CHATROOM_DELETE')).toBeVisible();
  await expect(option(page, 'AEC_LIVE_USER_ONLINE')).toHaveCount(0);
  await page.keyboard.press('Escape');

  // Any family again: everything is back, the channel that came meanwhile too.
  await page.getByTestId('audit-family-filter').hover();
  await page.getByTestId('audit-family-filter').locator('.n-base-clear').click();
  await page.mouse.move(5, 5);
  await expect(actionCells(page)).toHaveCount(6);
  await expect(actionCells(page).first()).toHaveText('AEC_CHATROOM_IS_EXIST');
  await expect(actionCells(page).nth(1)).toHaveText('AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC');
});
