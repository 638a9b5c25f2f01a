// The studio health signal: OK while the media server calls, amber then red when it goes silent
// mid-show (thresholds from the settings: 30 s and 60 s here), in the bar and the tab title.
import { join } from 'node:path';
import { expect, openDashboard, screenshotDir, test } from './support/fixtures';
import { expectAllowed } from '../support/aec-client';

test('health goes amber, then red, when the media server falls silent during a show', async ({ page, monitor, aec }) => {
  test.setTimeout(150_000);
  const put = await fetch(new URL('/api/settings', monitor.current.adminUrl), {
    method: 'PUT',
    headers: { Authorization: `Bearer ${monitor.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ silenceWarnSeconds: 30, silenceAlarmSeconds: 60 }),
  });
  expect(put.status).toBe(200);
  await expectAllowed(aec.createChannel('Wz@NWuVj8Tx5aa4a', '577175', 'Night show'));
  await aec.goLive('Wz@NWuVj8Tx5aa4a', '577175');
  await openDashboard(page, monitor);

  const health = page.getByTestId('health');
  await expect(health).toHaveAttribute('data-level', 'ok');
  await expect(page).toHaveTitle('AEC Live Monitor');
  // No more callbacks from here on: the media server is "gone".
  await expect(health).toHaveAttribute('data-level', 'degraded', { timeout: 40_000 });
  await expect(health).toContainText('silent');
  await expect(page).toHaveTitle(/^Degraded · /);
  await expect(health).toHaveAttribute('data-level', 'down', { timeout: 40_000 });
  await expect(page).toHaveTitle(/^Down · /);
  const favicon = await page.locator('link[rel="icon"]').getAttribute('href');
  expect(decodeURIComponent(favicon ?? '')).toContain('#d03050');
  await page.screenshot({ path: join(screenshotDir, 'health-down.png') });

  // The media server calls again: back to OK.
  await aec.uploading('Wz@NWuVj8Tx5aa4a', '577175');
  await expect(health).toHaveAttribute('data-level', 'ok');
});
