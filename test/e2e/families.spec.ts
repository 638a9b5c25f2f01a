// Chat rooms, groups and calls in the dashboard: each view follows its own stream topic, and the
// operator's levers (a room's limit, deleting a room, ending a call) say how they went.
import { join } from 'node:path';
import { expect, openDashboard, screenshotDir, settledDialog, test } from './support/fixtures';
import { expectAllowed } from '../support/aec-client';

test('chat rooms, groups and calls are listed live and can be acted on', async ({ page, monitor, aec }) => {
  await expectAllowed(aec.send('AEC_CHATROOM_CREATE', { userId: 'host1', roomId: 'a4a8_Room_Quiz01', roomType: 'CHAT_ROOM_TYPE_LOGIN', conCurrentNumber: '50', userDefineData: 'Quiz night' }));
  const group = await aec.send('AEC_GROUP_CREATE', { userId: 'owner', addUsers: 'owner,m1,m2', userDefineData: 'Crew' });
  const groupId = String(group.data);
  await expectAllowed(aec.send('AEC_VOIP_USER_ONLINE', { userId: 'caller-1', userId2: 'callee-1', time: String(Math.floor(Date.now() / 1000)) }));
  await openDashboard(page, monitor);
  await expect(page.getByTestId('strip-calls')).toContainText('1');

  await page.getByTestId('nav-chatrooms').click();
  const room = page.getByTestId('room-row-a4a8_Room_Quiz01');
  await expect(room).toContainText('Quiz night');
  await room.getByRole('button', { name: 'Set limit' }).click();
  await page.getByTestId('room-limit-input').fill('80');
  await (await settledDialog(page)).getByRole('button', { name: 'Set limit' }).click();
  await expect(room.getByTestId('room-limit')).toHaveText('80');
  await page.screenshot({ path: join(screenshotDir, 'chatrooms.png') });
  await room.getByRole('button', { name: 'Delete' }).click();
  await (await settledDialog(page)).getByRole('button', { name: 'Delete' }).click();
  await expect(room).toHaveCount(0);
  await expect(page.getByTestId('toast').filter({ hasText: 'deleted' })).toBeVisible();

  await page.getByTestId('nav-groups').click();
  const row = page.getByTestId(`group-row-${groupId}`);
  await expect(row.getByTestId('group-members')).toHaveText('3');
  await row.locator('.n-data-table-expand-trigger').click();
  await expect(page.getByTestId('group-detail')).toContainText('m1, m2');

  await page.getByTestId('nav-calls').click();
  const call = page.locator('[data-testid^="call-row-"]').first();
  await expect(call).toContainText('caller-1 → callee-1');
  await call.getByRole('button', { name: 'End call' }).click();
  await (await settledDialog(page)).getByRole('button', { name: 'End call' }).click();
  await expect(call.getByTestId('family-state')).toHaveAttribute('data-state', 'ending');
  await page.screenshot({ path: join(screenshotDir, 'calls.png') });
});
