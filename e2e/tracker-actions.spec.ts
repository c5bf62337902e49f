import { expect, search, signIn, test, trackerRows } from './fixtures.js';

test.beforeEach(async ({ page }) => signIn(page));

async function openCard(page: import('@playwright/test').Page, label: string) {
  await search(page, label);
  await page.getByRole('link', { name: `Open tracker ${label}`, exact: true }).click();
  await expect(page.getByRole('heading', { name: label, level: 1 })).toBeVisible();
}

test('edits label, comment and hidden from the tracker card', async ({ page, adminApi }) => {
  await openCard(page, 'Car 015');
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit tracker Car 015' });
  await expect(dialog.getByLabel('Label')).toBeFocused();
  await dialog.getByLabel('Label').fill('Car 015 renamed');
  await dialog.getByLabel('Comment').fill('Checked on 2026-03-15');
  await dialog.getByLabel(/Hidden/).check();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: /Car 015 renamed/, level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 }).getByText('Hidden')).toBeVisible();
  await expect(page.getByText('Checked on 2026-03-15')).toBeVisible();

  const list = await adminApi.call('tracker/list', { filter: 'Car 015 renamed' });
  expect(list.list[0]).toMatchObject({ label: 'Car 015 renamed', comment: 'Checked on 2026-03-15', deleted: true });
});

test('an invalid edit is refused with the parameter named', async ({ page }) => {
  await openCard(page, 'Bus 016');
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Label').fill('   ');
  await expect(dialog.getByRole('button', { name: 'Save' })).toBeDisabled();
  await expect(dialog.getByText('The label must not be empty')).toBeVisible();
  // Escape closes the dialog and gives focus back to the Edit button.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Edit', exact: true })).toBeFocused();
});

test('clones a tracker to a user, then deletes the clone', async ({ page, seed, adminApi }) => {
  const target = seed.users[2]!;
  await openCard(page, 'Tractor 005');
  await page.getByRole('button', { name: 'Clone', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Clone tracker Tractor 005' });
  await dialog.getByRole('searchbox', { name: /Clone to user/ }).fill(target.name.split(' ')[0]!);
  await dialog.getByRole('listbox', { name: 'Clone to user' }).selectOption(String(target.id));
  await dialog.getByLabel('Clone label').fill('Tractor 005 for Carla');
  await dialog.getByRole('button', { name: 'Clone', exact: true }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'Cloned: 1' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();

  const created = await adminApi.call('tracker/list', { filter: 'Tractor 005 for Carla' });
  expect(created.count).toBe(1);
  expect(created.list[0]).toMatchObject({ clone: true, user_id: target.id });

  await page.getByRole('link', { name: '← Trackers' }).click();
  await openCard(page, 'Tractor 005 for Carla');
  await expect(page.getByRole('heading', { level: 1 }).getByText('clone', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Delete clone' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete clone Tractor 005 for Carla' });
  await confirm.getByRole('button', { name: 'Delete clones' }).click();
  await expect(confirm.getByRole('status').filter({ hasText: 'Deleted: 1' })).toBeVisible();
  await confirm.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Trackers', level: 1 })).toBeVisible();
  expect((await adminApi.call('tracker/list', { filter: 'Tractor 005 for Carla' })).count).toBe(0);
});

test('moves selected trackers to another user and reports each failure in words', async ({ page, seed, adminApi }) => {
  const target = seed.users[0]!;
  // Truck 019 and Van 020 belong to other users; Truck 001 already belongs to the target.
  for (const label of ['Truck 019', 'Van 020', 'Truck 001']) {
    await search(page, label);
    await page.getByRole('checkbox', { name: `Select tracker ${label}`, exact: true }).check();
  }
  const toolbar = page.getByRole('toolbar', { name: 'Actions for the selected trackers' });
  await expect(toolbar).toContainText('3 selected');
  await toolbar.getByRole('button', { name: 'Move to user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Move 3 trackers to another user' });
  await dialog.getByRole('listbox', { name: 'New owner' }).selectOption(String(target.id));
  await dialog.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'Moved: 2, 1 failed' })).toBeVisible();
  await expect(dialog.getByRole('list', { name: 'Failures' })).toContainText('Truck 001: User is incorrect');
  await expect(dialog.getByRole('progressbar')).toHaveAttribute('value', '3');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();

  for (const label of ['Truck 019', 'Van 020']) {
    const list = await adminApi.call('tracker/list', { filter: label });
    expect(list.list[0].user_id).toBe(target.id);
  }
  await search(page, 'Truck 019');
  await expect(trackerRows(page).first().locator('td.col-owner')).toContainText(`#${target.id}`);
});

test('a mixed selection of clones and trackers gets a hint and no group actions', async ({ page }) => {
  await search(page, 'Clone of');
  await page.locator('tbody input[type=checkbox]').first().check();
  await search(page, 'Bus 022');
  await page.getByRole('checkbox', { name: 'Select tracker Bus 022' }).check();
  const toolbar = page.getByRole('toolbar', { name: 'Actions for the selected trackers' });
  await expect(toolbar).toContainText('There are clones and trackers selected. Grouping operations not available.');
  await expect(toolbar.getByRole('button')).toHaveText(['Clear selection']);
  await toolbar.getByRole('button', { name: 'Clear selection' }).click();
  await expect(toolbar).toBeHidden();
});
