// The server restarts on the same data folder: the page says it is reconnecting, then shows
// the same state again (a fresh snapshot replaces what it had), and keeps following.
import { join } from 'node:path';
import { channelRow, expect, openDashboard, screenshotDir, settledDialog, test } from './support/fixtures';
import { expectAllowed } from '../support/aec-client';

test('after a server restart the page reconnects and shows the same state', async ({ page, monitor, aec }) => {
  const live = 'Wz@NWuVj8Tx5aa4a';
  const closed = 'a4aDXK2lEWucjFTB';
  await expectAllowed(aec.createChannel(live, '577175', 'Stays live'));
  await aec.goLive(live, '577175');
  await expectAllowed(aec.online(live, '900001'));
  await expectAllowed(aec.online(live, '900002'));
  await expectAllowed(aec.playing(live, '900001', 3 * 1024 * 1024));
  await expectAllowed(aec.createChannel(closed, '577176', 'Was closed'));
  await openDashboard(page, monitor);
  await channelRow(page, closed).getByRole('button', { name: 'Close', exact: true }).click();
  await (await settledDialog(page)).getByRole('button', { name: /^Close channel/ }).click();
  await page.getByTestId('ended-toggle').click();
  await expect(channelRow(page, closed).getByTestId('state-badge')).toHaveText('closed');

  await monitor.stop();
  await expect(page.getByTestId('stream-state')).toHaveText('reconnecting');
  await page.screenshot({ path: join(screenshotDir, 'reconnecting.png') });
  await monitor.start();
  await expect(page.getByTestId('stream-state')).toHaveText('live', { timeout: 20_000 });

  const row = channelRow(page, live);
  await expect(row.getByTestId('state-badge')).toHaveText('live');
  await expect(row.getByTestId('viewers')).toHaveText('2 / 100');
  await expect(row.getByTestId('bytes-total')).toHaveText('3.0 MiB');
  await expect(channelRow(page, closed).getByTestId('state-badge')).toHaveText('closed');

  // And it keeps following the restarted server.
  await expectAllowed(aec.playing(live, '900002', 1024 * 1024));
  await expect(row.getByTestId('bytes-total')).toHaveText('4.0 MiB');
});

test('without the token the page asks to sign in, and a wrong token is refused', async ({ page, monitor }) => {
  await page.goto(monitor.current.adminUrl);
  await expect(page.getByTestId('login')).toBeVisible();
  await page.getByLabel('Admin token').fill('not-the-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('login-error')).toContainText('not the admin token');
  await page.getByLabel('Admin token').fill(monitor.token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('stream-state')).toHaveText('live');
});
