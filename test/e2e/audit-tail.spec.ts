// The audit log's live tail holds still while the operator looks: pointing at the table or
// opening a row holds new entries back ("N new"); they come in on a click or when the pointer leaves.
import { expect, openDashboard, test } from './support/fixtures';
import { expectAllowed } from '../support/aec-client';

test('the tail pauses while hovered or expanded, and shows what arrived meanwhile on request', async ({ page, monitor, aec }) => {
  await expectAllowed(aec.createChannel('Wz@NWuVjBase0000', '892500', 'base'));
  await aec.createChannel('Wz@NWuVjDeny0001', '892501', 'too big', 9999);
  await openDashboard(page, monitor);
  await page.getByTestId('nav-audit').click();
  const denials = page.locator('[data-decision="deny"]');
  await expect(denials).toHaveCount(1);

  // Pointer over the table: new denials wait.
  await page.getByTestId('audit-table').hover();
  await aec.createChannel('Wz@NWuVjDeny0002', '892502', 'too big', 9999);
  await aec.createChannel('Wz@NWuVjDeny0003', '892503', 'too big', 9999);
  await expect(page.getByTestId('audit-new')).toHaveText('2 new');
  await expect(denials).toHaveCount(1);
  // The pointer leaves: what waited comes in.
  await page.mouse.move(5, 5);
  await expect(denials).toHaveCount(3);

  // An open row holds the tail too, even with the pointer elsewhere.
  await denials.first().getByRole('button', { name: 'Details' }).click();
  await page.mouse.move(5, 5);
  await aec.createChannel('Wz@NWuVjDeny0004', '892504', 'too big', 9999);
  await expect(page.getByTestId('audit-new')).toHaveText('1 new');
  await expect(denials).toHaveCount(3);
  // "1 new" brings it in while the row stays open.
  await page.getByTestId('audit-new').click();
  await expect(denials).toHaveCount(4);
  await expect(page.getByTestId('audit-detail')).toBeVisible();
});
