// A failed action is never a silent no-op: a refusal and a vanished server are both spelled out.
import { channelRow, expect, openDashboard, settledDialog, test } from './support/fixtures';
import { expectAllowed } from '../support/aec-client';

test('a refused action and an unreachable server are shown as errors', async ({ page, monitor, aec }) => {
  const channelId = 'Wz@NWuVj8Tx5aa4a';
  await expectAllowed(aec.createChannel(channelId, '577175', 'Errors'));
  await openDashboard(page, monitor);
  const row = channelRow(page, channelId);

  await row.getByTestId('more-actions').click();
  await page.getByRole('button', { name: 'Set capacity', exact: true }).click();
  const dialog = await settledDialog(page);
  await dialog.getByTestId('capacity-input').fill('9999');
  await dialog.getByRole('button', { name: 'Set capacity' }).click();
  const notice = page.locator('.n-notification');
  await expect(notice).toContainText('Set capacity');
  await expect(notice).toContainText('capacity must be a whole number from 0 (no limit) to 500');
  await expect(row.getByTestId('viewers')).toHaveText('0 / 100');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // A Close confirmed just before the server goes away fails loudly.
  await row.getByRole('button', { name: 'Close', exact: true }).click();
  const closeDialog = await settledDialog(page);
  await monitor.stop();
  await closeDialog.getByRole('button', { name: /^Close channel/ }).click();
  await expect(page.locator('.n-notification').filter({ hasText: 'Server unreachable' })).toBeVisible();
  await expect(row.getByTestId('state-badge')).toHaveText('idle');
  // Then the page says the server is gone: health down, numbers greyed, actions off.
  await expect(page.getByTestId('stream-state')).toHaveText('reconnecting');
  await expect(page.getByTestId('health')).toHaveAttribute('data-level', 'down');
  await expect(page.getByTestId('main')).toHaveClass(/stale/);
  await expect(row.getByRole('button', { name: 'Close', exact: true })).toBeDisabled();
  await expect(page).toHaveTitle(/^Down · AEC Live Monitor/);
});
