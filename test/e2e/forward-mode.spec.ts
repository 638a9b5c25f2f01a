// Forward mode in the dashboard: in front of the loopback reference eventCenter the header shows
// it answering with its answer times; when it stops, the header turns to down with the fallbacks
// counted, the studio health goes amber (not red: fallbacks keep the show running) and a
// notification says so; the audit log marks what the fallback answered and what the eventCenter
// refused. Standalone, none of it is there.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { startReferenceUpstream, type ReferenceUpstream } from '../../server/simulator/reference-upstream';
import { AecClient, aec as payloads, dataOf, expectAllowed, sendCallback, sendData } from '../support/aec-client';
import { serveArgs, startServe, stopServe, type ServeProcess } from '../support/serve-process';
import { expect, openDashboard, screenshotDir, test as base } from './support/fixtures';

const SHOW = 'Wz@NWuVjFwd0001a';
const HOST = '577175';
const VIEWER = '900001';
/** The reference eventCenter refuses this user (no balance, say): its "0" is the eventCenter's own. */
const BROKE = '900666';

interface Forwarded {
  up: ReferenceUpstream;
  server: ServeProcess;
  aec: AecClient;
}

const test = base.extend<{ forward: Forwarded }>({
  forward: async ({}, use) => {
    const up = await startReferenceUpstream({ quirks: { refusedUsers: new Set([BROKE]) } });
    const dataDir = await mkdtemp(join(tmpdir(), 'aec-e2e-forward-'));
    const server = await startServe(serveArgs(dataDir, ['--upstream-aec', up.url]));
    await use({ up, server, aec: new AecClient(() => server.callbackUrl) });
    await stopServe(server);
    await up.close();
    await rm(dataDir, { recursive: true, force: true });
  },
});

test("the header shows the eventCenter's health, turns to down with fallbacks and notifies when it stops answering", async ({ page, forward }) => {
  test.setTimeout(90_000);
  const { up, server, aec } = forward;
  await expectAllowed(aec.createChannel(SHOW, HOST, 'Forwarded show'));
  await aec.goLive(SHOW, HOST);
  await expectAllowed(aec.online(SHOW, VIEWER));
  await expectAllowed(aec.playing(SHOW, VIEWER, 2 * 1024 * 1024));
  // The eventCenter says no to this one, as a number the media server cannot read (sent as it was).
  expect((await sendData(server.callbackUrl, dataOf(payloads.online(SHOW, BROKE), 'starrtc'))).text).toBe('{"status":"0","data":10001}');
  await page.goto(server.dashboardUrl);

  const upstream = page.getByTestId('upstream');
  await expect(upstream).toHaveAttribute('data-state', 'up');
  await expect(upstream.getByTestId('upstream-state')).toHaveText('up');
  await expect(upstream.getByTestId('upstream-latency')).toHaveText(/^\d[\d.,]* \/ \d[\d.,]* ms$/);
  await expect(upstream.getByTestId('upstream-errors')).toHaveText('0');
  await expect(upstream.getByTestId('upstream-fallbacks')).toHaveText('0');
  await expect(upstream.getByTestId('upstream-replays')).toHaveCount(0);
  await expect(upstream.getByTestId('upstream-odd')).toHaveText('1 unreadable');
  await expect(page.getByTestId('health')).toHaveAttribute('data-level', 'ok');

  // The details: where it is, and that nothing went wrong yet.
  await upstream.click();
  const details = page.getByTestId('upstream-details');
  await expect(details.getByTestId('upstream-url')).toHaveText(up.url);
  await expect(details.getByTestId('upstream-last-error')).toHaveText('none since start');
  await page.keyboard.press('Escape');
  await page.mouse.click(700, 600);
  await expect(details).toBeHidden();

  // The eventCenter goes away; the media server keeps calling.
  await up.close();
  await expectAllowed(aec.playing(SHOW, VIEWER, 2 * 1024 * 1024));
  await expectAllowed(sendCallback(server.callbackUrl, payloads.offline(SHOW, VIEWER, 1024)));

  await expect(upstream).toHaveAttribute('data-state', 'down');
  await expect(upstream.getByTestId('upstream-state')).toHaveText('down');
  await expect(upstream.getByTestId('upstream-fallbacks')).toHaveText('2');
  await expect(upstream.getByTestId('upstream-errors')).toHaveText('2');
  await expect(upstream.getByTestId('upstream-replays')).toHaveText('1');
  const notice = page.getByTestId('notice-upstreamDown');
  await expect(notice).toBeVisible();
  await expect(page.getByText('The upstream eventCenter stopped answering', { exact: true })).toBeVisible();
  await expect(notice).toContainText('fallbacks answer meanwhile');
  // Degraded, not down: the fallbacks keep the show running.
  const health = page.getByTestId('health');
  await expect(health).toHaveAttribute('data-level', 'degraded');
  await expect(health).toContainText("the studio's eventCenter is not answering");
  await upstream.click();
  await expect(details.getByTestId('upstream-last-error')).toContainText('eventCenter');
  await expect(details).toContainText('not answering');
  await details.evaluate((el) => Promise.all(document.getAnimations().map((a) => a.finished)));
  await page.screenshot({ path: join(screenshotDir, 'forward-down.png') });
  await page.keyboard.press('Escape');
  await page.mouse.click(700, 600);

  // The audit log says which answers were the fallback's and which the eventCenter's.
  await page.getByTestId('nav-audit').click();
  await page.mouse.move(5, 5);
  await expect(page.getByTestId('audit-system-name').filter({ hasText: 'eventCenter stopped answering' })).toBeVisible();
  await expect(page.locator('[data-decision="deny"]').getByTestId('audit-badge')).toHaveText('eventCenter said no');
  await page.getByTestId('decision-allow').click();
  await page.mouse.move(5, 5);
  await expect(page.getByTestId('audit-badge').filter({ hasText: 'fallback' })).toHaveCount(2);

  // It answers again: up, the notification goes, the kept teardown is delivered.
  await up.reopen();
  await expectAllowed(aec.uploading(SHOW, HOST));
  await expect(upstream).toHaveAttribute('data-state', 'up');
  await expect(notice).toBeHidden();
  await expect(page.getByTestId('notice-upstreamUp')).toHaveText("The studio's eventCenter answers again");
  await expect(upstream.getByTestId('upstream-replays')).toHaveCount(0);
  await expect(page.getByTestId('audit-system-name').filter({ hasText: 'Replay delivered to the eventCenter' })).toBeVisible();
  await expect(page.getByTestId('audit-system-name').filter({ hasText: 'eventCenter answers again' })).toBeVisible();
  await expect(health).toHaveAttribute('data-level', 'ok');});

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });

  test('the eventCenter in the header has no English left', async ({ page, forward }) => {
    const { up, server, aec } = forward;
    await expectAllowed(aec.createChannel(SHOW, HOST, 'Forwarded show'));
    await up.close();
    await sendCallback(server.callbackUrl, payloads.uploading(SHOW, HOST));
    await page.goto(server.dashboardUrl);
    const upstream = page.getByTestId('upstream');
    await expect(upstream.getByTestId('upstream-state')).toHaveText('无应答');
    await upstream.click();
    await expect(page.getByTestId('upstream-details')).toBeVisible();
    const english = await page.evaluate(() => {
      const found: string[] = [];
      for (const root of document.querySelectorAll('[data-testid="upstream"], [data-testid="upstream-details"]')) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (node.parentElement?.closest('[translate="no"]')) continue;
          const words = (node.textContent ?? '').match(/[A-Za-z]{3,}/g) ?? [];
          // Times carry their zone (GMT+8), as everywhere in the dashboard.
          found.push(...words.filter((w) => !['eventCenter', 'GMT', 'UTC'].includes(w)));
        }
      }
      return found;
    });
    expect(english).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-audit').click();
    await expect(page.getByTestId('audit-system-name')).toHaveText('eventCenter 停止应答');
  });
});

for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds nothing serious in the eventCenter's header, its details and the audit badges (${scheme})`, async ({ page, forward }) => {
    const { up, server, aec } = forward;
    await page.emulateMedia({ colorScheme: scheme });
    await expectAllowed(aec.createChannel(SHOW, HOST, 'Forwarded show'));
    await sendData(server.callbackUrl, dataOf(payloads.online(SHOW, BROKE), 'starrtc'));
    await up.close();
    await sendCallback(server.callbackUrl, payloads.uploading(SHOW, HOST));
    await sendCallback(server.callbackUrl, payloads.offline(SHOW, VIEWER, 0));
    await page.goto(server.dashboardUrl);
    await expect(page.getByTestId('upstream-replays')).toHaveText('1');
    await page.getByTestId('upstream').click();
    await expect(page.getByTestId('upstream-details')).toBeVisible();
    const findings: string[] = [];
    const check = async (where: string) => {
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      for (const v of result.violations) {
        if (v.impact !== 'serious' && v.impact !== 'critical') continue;
        findings.push(`${where}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
      }
    };
    await check('header');
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('decision-allow').click();
    await page.mouse.move(5, 5);
    await expect(page.getByTestId('audit-badge').first()).toBeVisible();
    await expect(page.getByTestId('audit-system-name').first()).toBeVisible();
    await check('audit');
    expect(findings, findings.join('\n')).toEqual([]);
  });
}

test('standalone, the header has no eventCenter and nothing says fallback', async ({ page, monitor, aec }) => {
  await expectAllowed(aec.createChannel(SHOW, HOST, 'Standalone show'));
  await aec.goLive(SHOW, HOST);
  await openDashboard(page, monitor);
  await expect(page.getByTestId('health')).toHaveAttribute('data-level', 'ok');
  await expect(page.getByTestId('last-callback')).toBeVisible();
  await expect(page.getByTestId('upstream')).toHaveCount(0);
  await page.getByTestId('nav-audit').click();
  await page.getByTestId('decision-allow').click();
  await expect(page.locator('[data-decision="allow"]').first()).toBeVisible();
  await expect(page.getByTestId('audit-badge')).toHaveCount(0);
});
