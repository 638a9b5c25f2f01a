// Kick and Ban from the channel view, enforced at the viewer's next report; the audit log
// shows the denial with its reason; bans are listed in Settings and can be lifted.
import { join } from 'node:path';
import { channelRow, expect, openDashboard, screenshotDir, settledDialog, test } from './support/fixtures';
import { expectAllowed } from '../support/aec-client';

const channelId = 'Wz@NWuVj8Tx5aa4a';

test('Kick and Ban act on the next report, and a ban can be lifted', async ({ page, monitor, aec }) => {
  await expectAllowed(aec.createChannel(channelId, '577175', 'Talk show'));
  await aec.goLive(channelId, '577175');
  for (const viewer of ['900001', '900002', '900003']) await expectAllowed(aec.online(channelId, viewer));
  await openDashboard(page, monitor);
  await channelRow(page, channelId).getByTestId('channel-link').click();

  // A kick waits 10 s for an undo before it is sent; undone, nothing happens.
  const kicked = page.getByTestId('session-row-900001');
  await kicked.getByRole('button', { name: 'Kick', exact: true }).click();
  await expect(kicked.getByTestId('session-state')).toHaveText('kick in 10 s');
  await page.getByTestId('kick-toast').getByTestId('toast-undo').click();
  await expect(kicked.getByTestId('session-state')).toHaveText('watching');
  await kicked.getByRole('button', { name: 'Kick', exact: true }).click();
  await expect(kicked.getByTestId('session-state')).toHaveText('kicked', { timeout: 15_000 });
  expect((await aec.playing(channelId, '900001', 1000)).status).toBe('0');
  expect((await aec.playing(channelId, '900003', 1000)).status).toBe('1');

  await page.getByTestId('session-row-900002').getByRole('button', { name: 'Ban', exact: true }).click();
  const dialog = await settledDialog(page);
  await expect(dialog).toContainText('Ban user 900002');
  await dialog.locator('label', { hasText: '24 hours' }).click();
  await expect(dialog.getByRole('radio', { name: '24 hours' })).toBeChecked();
  await page.screenshot({ path: join(screenshotDir, 'ban-dialog.png') });
  await dialog.getByRole('button', { name: /^Ban user/ }).click();
  await expect(dialog).toBeHidden();
  // Said, marked on the row, and undoable for 10 s.
  await expect(page.getByTestId('ban-toast')).toContainText('900002 banned');
  await expect(page.getByTestId('session-row-900002').getByTestId('banned-badge')).toBeVisible();

  expect((await aec.playing(channelId, '900002', 1000)).status).toBe('0');
  expect((await aec.online(channelId, '900002')).status).toBe('0');

  await page.getByTestId('nav-settings').click();
  const ban = page.getByTestId('ban-row-900002');
  await expect(ban).toContainText('900002');
  await page.screenshot({ path: join(screenshotDir, 'settings.png'), fullPage: true });
  await ban.getByRole('button', { name: 'Lift', exact: true }).click();
  await expect(ban).toHaveCount(0);
  expect((await aec.online(channelId, '900002')).status).toBe('1');
});

test('the audit log shows a denial with its reason and raw request', async ({ page, monitor, aec }) => {
  await openDashboard(page, monitor);
  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('audit-view')).toBeVisible();

  await expectAllowed(aec.createChannel('a4a8_KS9sWt36ttn', '892500', 'ok'));
  const refused = await aec.createChannel('Wz@NWuVjTooBig00', '892501', 'too big', 9999);
  expect(refused.status).toBe('0');

  // The live tail shows it without a reload; by default only what needs a look (no allowed calls).
  const denial = page.locator('[data-decision="deny"]').first();
  await expect(denial.getByTestId('audit-row-reason')).toContainText('9999');
  await expect(page.locator('[data-decision="allow"]')).toHaveCount(0);
  await expect(denial).toContainText('AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC');
  await expect(denial.getByTestId('audit-code')).toHaveText('10012');
  await page.getByTestId('decision-allow').click();
  await expect(page.locator('[data-decision="allow"]').first()).toBeVisible();

  await denial.getByRole('button', { name: 'Details' }).click();
  const detail = page.getByTestId('audit-detail');
  await expect(detail.getByTestId('audit-reason')).toContainText('above the maximum');
  await expect(detail.getByTestId('audit-raw')).toContainText('"conCurrentNumber": "9999"');
  // Our code with its meaning, and the name the client was shown.
  await expect(detail.getByTestId('audit-deny-facts')).toContainText('10012');
  await expect(detail.getByTestId('audit-deny-facts')).toContainText('conCurrentNumber out of range');
  await expect(detail.getByTestId('audit-deny-facts')).toContainText('LIVESRC_MOONSERVER_ERRID_UP_USER_OUTOFLIMIT');
  await page.screenshot({ path: join(screenshotDir, 'audit.png') });
  await expect(page.getByTestId('denials-per-minute')).not.toHaveText('0');
});

test('back and forward in the audit log apply the filter from the address', async ({ page, monitor, aec }) => {
  await expectAllowed(aec.createChannel('a4a8_KS9sWtBack01', '892510', 'first'));
  await expectAllowed(aec.createChannel('a4a8_KS9sWtBack02', '892511', 'second'));
  await openDashboard(page, monitor);
  const channelFilter = page.getByLabel('Filter by channel');
  // Creates are allowed calls: show those too (the choice is kept while the filters change).
  await page.getByTestId('nav-audit').click();
  await page.getByTestId('decision-allow').click();
  await page.evaluate(() => (window.location.hash = '#/audit?channelId=a4a8_KS9sWtBack01'));
  await expect(channelFilter).toHaveValue('a4a8_KS9sWtBack01');
  await page.evaluate(() => (window.location.hash = '#/audit?channelId=a4a8_KS9sWtBack02'));
  await expect(channelFilter).toHaveValue('a4a8_KS9sWtBack02');
  await page.goBack();
  await expect(channelFilter).toHaveValue('a4a8_KS9sWtBack01');
  await expect(page.getByTestId('audit-view')).toContainText('a4a8_KS9sWtBack01');
  await expect(page.getByTestId('audit-view')).not.toContainText('a4a8_KS9sWtBack02');
  await page.goForward();
  await expect(channelFilter).toHaveValue('a4a8_KS9sWtBack02');
});
