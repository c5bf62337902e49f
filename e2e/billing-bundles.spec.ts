import { imeiFrom } from './support/seed.js';
import { expect, search, signIn, test } from './fixtures.js';

/*
 * These flows use methods other engineers are adding. Each test is skipped, with the reason, only
 * when the server answers 111/112 (no such resource / method) for one of them; otherwise it must pass.
 */

test('changes a tracker plan and shows the transactions', async ({ page, seed, adminApi }) => {
  for (const method of ['tracker/tariff/change', 'user/transaction/list']) {
    test.skip(!(await adminApi.hasMethod(method)), `${method} is not on the server yet (it answers 111/112)`);
  }
  await signIn(page);
  // Car 003 is on the first plan (Basic).
  await search(page, 'Car 003');
  await page.getByRole('link', { name: 'Open tracker Car 003', exact: true }).click();
  await page.getByRole('button', { name: 'Change tariff' }).click();
  const dialog = page.getByRole('dialog', { name: 'Change tariff of Car 003' });
  await expect(dialog.getByText(`#${seed.tariffs[0]!.id} Basic`)).toBeVisible();
  await dialog.getByLabel('New plan', { exact: true }).selectOption(String(seed.tariffs[1]!.id));
  await expect(dialog.getByLabel('Repay remainder of current plan payment')).toBeChecked();
  await expect(dialog.getByLabel('Charge user now (according to the new plan)')).toBeChecked();
  await expect(dialog.getByRole('status').filter({ hasText: /Repayment by the rules|No repayment/ })).toBeVisible();
  await dialog.getByRole('button', { name: 'Change tariff' }).click();
  await expect(dialog.getByText(/The plan was changed to #\d+ Premium/)).toBeVisible();
  await expect(dialog.getByRole('heading', { name: 'Transactions' })).toBeVisible();
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(page.getByText(new RegExp(`#${seed.tariffs[1]!.id} Premium`))).toBeVisible();
  const list = await adminApi.call('tracker/list', { filter: 'Car 003' });
  expect(list.list[0].source.tariff_id).toBe(seed.tariffs[1]!.id);
});

test('imports bundles with per-line checks and assigns a SIM card', async ({ page, adminApi }) => {
  for (const method of ['tracker/bundle/import', 'tracker/bundle/list', 'tracker/bundle/assign', 'equipment/list', 'sim_card/import']) {
    test.skip(!(await adminApi.hasMethod(method)), `${method} is not on the server yet (it answers 111/112)`);
  }
  const imeis = [imeiFrom('86123405000001'), imeiFrom('86123405000002')];
  const iccid = '8949020000001234567';
  await signIn(page);
  await page.getByRole('link', { name: 'Bundles' }).click();
  await page.getByRole('button', { name: 'Import IMEIs' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import bundles' });
  await dialog.getByLabel('IMEIs, one per line').fill(`${imeis[0]}\n123\n${imeis[1]}`);
  await expect(dialog.getByRole('list', { name: 'Lines with problems' })).toContainText('Line 2: 123 — Must be 15 digits, has 3');
  await expect(dialog.getByRole('button', { name: /^Import/ })).toBeDisabled();
  await dialog.getByLabel('IMEIs, one per line').fill(imeis.join('\n'));
  await expect(dialog.getByText('2 valid, 0 with problems.')).toBeVisible();
  const equipment = dialog.getByLabel('Equipment');
  await expect(equipment.locator('option')).not.toHaveCount(1);
  await equipment.selectOption({ index: 1 });
  await dialog.getByLabel(/factory preset/).check();
  await dialog.getByRole('button', { name: 'Import 2 IMEIs' }).click();
  await expect(dialog.getByText('Imported 2 bundles.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();

  // Importing the same IMEI again is refused in words.
  await page.getByRole('button', { name: 'Import IMEIs' }).click();
  const again = page.getByRole('dialog', { name: 'Import bundles' });
  await again.getByLabel('IMEIs, one per line').fill(imeis[0]!);
  await again.getByLabel('Equipment').selectOption({ index: 1 });
  await again.getByRole('button', { name: 'Import 1 IMEIs' }).click();
  await expect(again.getByRole('alert')).toContainText('Nothing was imported: Entity already exists');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Add SIM cards' }).click();
  const sims = page.getByRole('dialog', { name: 'Add SIM cards' });
  await sims.getByLabel(/SIM cards, one per line/).fill(`${iccid},491700000123`);
  await sims.getByRole('button', { name: 'Add 1 SIM cards' }).click();
  await expect(sims).toBeHidden();

  await page.getByRole('searchbox', { name: 'Search bundles' }).fill(imeis[0]!);
  await page.getByRole('button', { name: `SIM card of bundle ${imeis[0]}` }).click();
  const assign = page.getByRole('dialog', { name: `SIM card of bundle ${imeis[0]}` });
  await assign.getByLabel('ICCID').fill(iccid);
  await assign.getByRole('button', { name: 'Assign SIM' }).click();
  await expect(assign).toBeHidden();
  await expect(page.getByRole('table', { name: 'Bundles' }).getByRole('row').filter({ hasText: imeis[0]! })).toContainText(iccid);

  const bundle = await adminApi.call('tracker/bundle/list', { filter: imeis[0] });
  expect(bundle.list[0].iccid).toBe(iccid);
});
