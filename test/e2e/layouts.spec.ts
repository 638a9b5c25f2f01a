// Layouts that hold from 800x600 to a wall screen: no sideways page scroll, the board starts
// high, state and audience always in view, actions in a menu when narrow; big-screen mode.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { channelRow, expect, openDashboard, screenshotDir, test } from './support/fixtures';
import { furnish, LIVE } from './support/views';

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test('at 1024x700 the first row starts above y=300 and nothing scrolls sideways', async ({ page, monitor, aec }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await furnish(aec);
  await openDashboard(page, monitor);
  const row = channelRow(page, LIVE);
  await expect(row).toBeVisible();
  const box = await row.boundingBox();
  expect(box!.y).toBeLessThan(300);
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await expect(row.getByTestId('viewers')).toBeInViewport();
  await expect(row.getByTestId('bitrate').or(row.getByTestId('bytes-last-minute'))).toBeInViewport();
  await page.screenshot({ path: join(screenshotDir, 'channels-1024.png') });
});

test('at 800x600 state and viewers stay in view and the actions fold into a menu', async ({ page, monitor, aec }) => {
  await page.setViewportSize({ width: 800, height: 600 });
  await furnish(aec);
  await openDashboard(page, monitor);
  const row = channelRow(page, LIVE);
  await expect(row.getByTestId('state-badge')).toBeInViewport();
  await expect(row.getByTestId('viewers')).toBeInViewport();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await expect(row.getByRole('button', { name: 'Close', exact: true })).toHaveCount(0);
  await row.getByTestId('more-actions').click();
  await expect(page.getByRole('button', { name: 'Close', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Delete', exact: true })).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, 'channels-800.png') });
  for (const view of ['traffic', 'audit', 'settings']) {
    await page.getByTestId(`nav-${view}`).click();
    await expect(page.getByTestId(`${view}-view`)).toBeVisible();
    expect(await horizontalOverflow(page), view).toBeLessThanOrEqual(0);
  }
});

test('big-screen mode shows the board alone, large, for a wall screen', async ({ page, monitor, aec }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await furnish(aec);
  await openDashboard(page, monitor);
  await page.evaluate(() => (window.location.hash = '#/wall'));
  await expect(page.getByTestId('nav-channels')).toHaveCount(0);
  await expect(page.getByTestId('channels-toolbar')).toHaveCount(0);
  await expect(channelRow(page, LIVE).getByTestId('viewers')).toBeVisible();
  await expect(page.getByTestId('health')).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, 'wall.png') });
});
