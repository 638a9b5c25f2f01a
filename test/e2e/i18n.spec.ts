// The dashboard in Chinese: chosen from the browser's language, switchable, and with no English
// left on screen. Every view is walked in zh-CN; any Latin word of the UI (data such as ids,
// names and reasons from the server are marked translate="no") fails the test.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openDashboard, screenshotDir, test } from './support/fixtures';
import { furnish, VIEW_STOPS } from './support/views';

test.use({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });

/** Names and units that stay as they are in Chinese UIs. */
const ALLOWED = new Set(
  `AEC StarRTC CSV JSON HTTP URL Webhook Slack MiB KiB GiB TiB Mbit MB liveProxyServer starrtc conf aecurl settings json
  Prometheus CIDR GLOBAL_PUBLIC USER_ONLINE APPLY_UPLOAD conCurrentNumber UTC GMT http https require sign eventCenter
  LOGIN_PUBLIC GROUP_PUBLIC LOGIN_SPECIFY GROUP_SPECIFY BROADCAST LIVEPROXY unknown backups
  English`.split(/\s+/),
);
/** Data on screen inside attributes (which cannot carry translate="no"), command-line flags, and naive-ui's own spinner label. */
const DATA = [/Morning show|Yesterday rerun|Quiz night|Wz@\w+|a4a\w+/g, /--[a-z-]+/g, /\b[A-Z]+(?:_[A-Z0-9]+){2,}\b/g, /^loading$/];

function english(text: string): boolean {
  const stripped = DATA.reduce((t, pattern) => t.replace(pattern, ''), text);
  return (stripped.match(/[A-Za-z][A-Za-z0-9_]{2,}/g) ?? []).some((word) => !ALLOWED.has(word));
}

async function englishOnScreen(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const skip = (el: Element | null) => !el || el.closest('[translate="no"], script, style, noscript, .visually-hidden') !== null;
    const visible = (el: Element) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (skip(parent) || !visible(parent!)) continue;
      if (/[A-Za-z]{3,}/.test(node.textContent ?? '')) found.push((node.textContent ?? '').trim());
    }
    for (const el of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
      if (skip(el)) continue;
      for (const name of ['placeholder', 'aria-label', 'title']) {
        const value = el.getAttribute(name);
        if (value && /[A-Za-z]{3,}/.test(value)) found.push(value);
      }
    }
    found.push(document.title);
    return found;
  }).then((texts) => texts.filter(english));
}

test('every view in zh-CN shows no English UI string', async ({ page, monitor, aec }) => {
  test.setTimeout(120_000);
  await furnish(aec);
  await page.goto(monitor.current.dashboardUrl);
  await expect(page.getByTestId('stream-state')).toHaveText('实时');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  const leftovers: string[] = [];
  for (const stop of VIEW_STOPS) {
    await stop.open(page);
    for (const text of await englishOnScreen(page)) leftovers.push(`${stop.name}: ${text}`);
    if (stop.name === 'channels') await page.screenshot({ path: join(screenshotDir, 'channels-zh-CN.png') });
  }
  // Times carry their time zone.
  await expect(page.getByTestId('ban-row-900002').or(page.getByTestId('settings-view'))).toBeVisible();
  expect(leftovers, leftovers.join('\n')).toEqual([]);
});

test('the language switch changes every word at once and is remembered', async ({ page, monitor, aec }) => {
  await furnish(aec);
  await page.goto(monitor.current.dashboardUrl);
  await expect(page.getByTestId('nav-channels')).toHaveText('频道');
  await page.getByTestId('language-switch').click();
  await expect(page.getByTestId('nav-channels')).toHaveText('Channels');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.reload();
  await expect(page.getByTestId('nav-channels')).toHaveText('Channels');
});
