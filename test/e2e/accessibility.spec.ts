// axe-core on every view, in the light and the dark theme: no serious or critical finding.
// Also: sort headers and controls reachable by keyboard, "/" focuses the search.
import AxeBuilder from '@axe-core/playwright';
import { channelRow, expect, openDashboard, test } from './support/fixtures';
import { furnish, LIVE, VIEW_STOPS } from './support/views';

for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds nothing serious on any view (${scheme})`, async ({ page, monitor, aec }) => {
    test.setTimeout(120_000);
    await furnish(aec);
    await page.emulateMedia({ colorScheme: scheme });
    await openDashboard(page, monitor);
    // Colours are judged as they settle: naive-ui fades a table header's colour in over 0.3 s,
    // and axe sampling it mid-fade once failed CI on a contrast the settled colour meets.
    await page.addStyleTag({ content: '*, *::before, *::after { transition: none !important; animation: none !important; }' });
    const findings: string[] = [];
    for (const stop of VIEW_STOPS) {
      await stop.open(page);
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      for (const v of result.violations) {
        if (v.impact !== 'serious' && v.impact !== 'critical') continue;
        findings.push(`${stop.name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
      }
    }
    expect(findings, findings.join('\n')).toEqual([]);
  });
}

test('sort headers and actions are reachable by keyboard, and "/" focuses the search', async ({ page, monitor, aec }) => {
  await furnish(aec);
  await openDashboard(page, monitor);
  await expect(channelRow(page, LIVE)).toBeVisible();
  await page.locator('body').click({ position: { x: 5, y: 400 } });
  await page.keyboard.press('/');
  await expect(page.getByTestId('channel-search')).toBeFocused();

  const viewersHeader = page.getByTestId('channels-table').getByRole('button', { name: 'Viewers' });
  await viewersHeader.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('channels-table').locator('th[aria-sort], th.n-data-table-th--sorting').first()).toBeVisible();

  const more = channelRow(page, LIVE).getByTestId('more-actions');
  await more.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Set capacity', exact: true })).toBeVisible();
});
