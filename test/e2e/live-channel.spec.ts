// An operator watches a show come on air: the first-run help gives way to a live channel
// with its viewers and traffic, without reloading the page.
import { join } from 'node:path';
import { channelRow, expect, openDashboard, screenshotDir, test } from './support/fixtures';
import { expectAllowed } from '../support/aec-client';

const channelId = 'Wz@NWuVj8Tx5aa4a';

test('a channel appears live with its viewers and traffic', async ({ page, monitor, aec }) => {
  await openDashboard(page, monitor);
  await expect(page.getByTestId('first-run')).toBeVisible();
  await expect(page.getByTestId('aecurl-line-0')).toContainText('aecurl=http://');
  await expect(page.getByTestId('last-callback')).toHaveText('no callback yet');
  await page.screenshot({ path: join(screenshotDir, 'first-run.png') });

  await expectAllowed(aec.createChannel(channelId, '577175', 'Morning show', 100));
  await aec.goLive(channelId, '577175');
  for (const viewer of ['900001', '900002', '900003']) await expectAllowed(aec.online(channelId, viewer));
  await expectAllowed(aec.playing(channelId, '900001', 1024 * 1024));
  await expectAllowed(aec.playing(channelId, '900002', 2 * 1024 * 1024));

  const row = channelRow(page, channelId);
  await expect(row.getByTestId('state-badge')).toHaveText('live');
  await expect(row.getByTestId('viewers')).toHaveText('3 / 100');
  await expect(row.getByTestId('uploaders')).toHaveText('1');
  await expect(row.getByTestId('bytes-total')).toHaveText('3.0 MiB');
  await expect(row).toContainText('Morning show');
  await expect(page.getByTestId('first-run')).toBeHidden();
  await expect(page.getByTestId('last-callback')).toContainText('last callback');
  await expect(page.getByTestId('viewers-total')).toHaveText('3');

  // A second channel, so the list and the search have something to tell apart.
  await expectAllowed(aec.createChannel('a4a8_KS9sWt36ttn', '892500', 'Evening news', 50));
  await expect(page.getByTestId('channel-count')).toHaveText('2 of 2 channels');
  await page.getByTestId('channel-search').fill('morning');
  await expect(page.getByTestId('channel-count')).toHaveText('1 of 2 channels');
  await page.getByTestId('channel-search').fill('');
  await page.screenshot({ path: join(screenshotDir, 'channels.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(screenshotDir, 'channels-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });

  // More traffic arrives while the page is open: the row follows.
  await expectAllowed(aec.playing(channelId, '900003', 1024 * 1024));
  await expect(row.getByTestId('bytes-total')).toHaveText('4.0 MiB');

  await row.getByTestId('channel-link').click();
  const view = page.getByTestId('channel-view');
  await expect(view.getByTestId('session-row-900001')).toBeVisible();
  await expect(view.getByTestId('session-row-900002').getByTestId('session-bytes')).toHaveText('2.0 MiB');
  await expect(view.getByTestId('uploaders-table')).toContainText('577175');
  await expect(view.getByTestId('channel-viewers')).toHaveText('3 / 100');
  await page.screenshot({ path: join(screenshotDir, 'channel.png'), fullPage: true });

  await page.getByTestId('nav-traffic').click();
  await expect(page.getByTestId('top-channels')).toContainText(channelId);
  await expect(page.getByTestId('top-users')).toContainText('900002');
  await expect(page.getByTestId('user-totals')).toContainText('900001');
  await expect(page.getByTestId('csv-export')).toHaveAttribute('href', /\/api\/users\.csv\?range=1h/);
  await page.screenshot({ path: join(screenshotDir, 'traffic.png'), fullPage: true });
});
