// Truthful settings: where each value comes from, fields set by a flag locked with the reason,
// the ports actually in use, desktop-only switches absent in a browser, a Save bar in view.
import { join } from 'node:path';
import { expect, openDashboard, screenshotDir, test } from './support/fixtures';

test('settings show their sources, lock what a flag sets, and keep Save in view', async ({ page, monitor }) => {
  await openDashboard(page, monitor);
  await page.getByTestId('nav-settings').click();

  // The test server is started with --callback-port 0 --admin-port 0: locked, with the port in use.
  const callbackPort = page.getByTestId('setting-callbackPort');
  await expect(callbackPort).toHaveAttribute('data-source', 'flag');
  await expect(callbackPort.getByTestId('locked-reason')).toContainText('--callback-port');
  await expect(callbackPort.getByRole('textbox')).toBeDisabled();
  await expect(callbackPort.getByTestId('port-in-use')).toContainText(new URL(monitor.current.callbackUrl).port);
  await expect(page.getByTestId('setting-adminPort').getByTestId('port-in-use')).toContainText(String(monitor.current.adminPort));

  // A setting from the default is free to change.
  const grace = page.getByTestId('setting-graceSeconds');
  await expect(grace).toHaveAttribute('data-source', 'default');
  await expect(grace.getByRole('textbox')).toBeEnabled();

  // The desktop app's notification switches are not offered in a browser.
  await expect(page.getByTestId('setting-notifications')).toHaveCount(0);
  // The sign options are explained.
  await expect(page.getByTestId('intro-callers')).toContainText('12345678');

  // Change something far down the form: the Save bar is on screen without scrolling to the end.
  const history = page.getByTestId('setting-historyRetentionDays').getByRole('textbox');
  await history.fill('45');
  await history.blur();
  const save = page.getByTestId('settings-save');
  await expect(save).toBeEnabled();
  await expect(save).toBeInViewport();
  await save.click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Settings saved' })).toBeVisible();
  await expect(page.getByTestId('setting-historyRetentionDays')).toHaveAttribute('data-source', 'file');
  await page.screenshot({ path: join(screenshotDir, 'settings.png') });
});

test('a webhook can be added and tested from the settings', async ({ page, monitor }) => {
  await openDashboard(page, monitor);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('webhook-add').click();
  const hook = page.getByTestId('webhook-0');
  await hook.getByRole('textbox', { name: 'Webhook address' }).fill('http://127.0.0.1:9/unreachable');
  await hook.getByTestId('webhook-test').click();
  // Either the server's verdict on the delivery or its error: never silence.
  await expect(hook.getByTestId('webhook-result')).not.toBeEmpty();
});
