// Close and Delete from the list: confirmed in a dialog that says it takes up to a minute,
// enforced on the media server's next reports, shown as closing then closed.
import { join } from 'node:path';
import { channelRow, expect, openDashboard, screenshotDir, settledDialog, test } from './support/fixtures';
import { expectAllowed } from '../support/aec-client';

const waitNote = 'the media server is told at its next once-a-minute report; this takes up to a minute';

test('Close with confirmation denies the next reports, then the channel shows closed', async ({ page, monitor, aec }) => {
  const channelId = 'Wz@NWuVjBI3taaCB';
  await expectAllowed(aec.createChannel(channelId, '577175', 'Studio A'));
  await aec.goLive(channelId, '577175');
  await expectAllowed(aec.online(channelId, '900001'));
  await openDashboard(page, monitor);

  const row = channelRow(page, channelId);
  await expect(row.getByTestId('state-badge')).toHaveText('live');
  await row.getByRole('button', { name: 'Close', exact: true }).click();
  const dialog = await settledDialog(page);
  await expect(dialog).toContainText(waitNote);
  // The dialog names the show, not only its random id.
  await expect(dialog).toContainText('“Studio A”');
  await page.screenshot({ path: join(screenshotDir, 'close-dialog.png') });
  await dialog.getByRole('button', { name: /^Close channel/ }).click();

  await expect(row.getByTestId('state-badge')).toHaveText('closing');
  // Still closing until the media server's next reports arrive.
  const viewerReply = await aec.playing(channelId, '900001', 4096);
  expect(viewerReply.status).toBe('0');
  const uploaderReply = await aec.uploading(channelId, '577175');
  expect(uploaderReply.status).toBe('0');
  // An ended show leaves the board for "Ended today", folded below it.
  await page.getByTestId('ended-toggle').click();
  await expect(row.getByTestId('state-badge')).toHaveText('closed');
  await expect(page.getByTestId('ended-table').getByTestId(`channel-row-${channelId}`)).toBeVisible();
  await expect(row.getByRole('button', { name: 'Reopen', exact: true })).toBeVisible();
});

test('Delete with confirmation hides the channel; the toggle shows it again', async ({ page, monitor, aec }) => {
  const channelId = 'a4aDXK2lEWucjFTB';
  await expectAllowed(aec.createChannel(channelId, '577175', 'To be deleted'));
  await expectAllowed(aec.createChannel('KeepMe00KeepMe00', '577176', 'Stays'));
  await openDashboard(page, monitor);

  const row = channelRow(page, channelId);
  // Delete sits apart from Close, at the bottom of the row's menu.
  await expect(row.getByRole('button', { name: 'Delete', exact: true })).toHaveCount(0);
  await row.getByTestId('more-actions').click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = await settledDialog(page);
  await expect(dialog).toContainText(waitNote);
  await dialog.getByRole('button', { name: /^Delete channel/ }).click();

  await expect(row).toHaveCount(0);
  await expect(channelRow(page, 'KeepMe00KeepMe00')).toBeVisible();
  await page.getByTestId('show-deleted').click();
  await page.getByTestId('ended-toggle').click();
  await expect(row.getByTestId('state-badge')).toHaveText('deleted');
  // Deleted means refused: a viewer trying to join now gets "0".
  expect((await aec.online(channelId, '900009')).status).toBe('0');
});
