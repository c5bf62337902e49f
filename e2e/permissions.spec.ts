import { expect, search, signInAsStaff, test, trackerRows } from './fixtures.js';

test('a staff login without trackers: delete cannot delete clones', async ({ page }) => {
  await signInAsStaff(page);
  // Sections the login has no permission for are not offered.
  await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('link')).toHaveText(['Trackers', 'Activity', 'Users', 'Plans']);

  await search(page, 'Clone of');
  await expect(trackerRows(page).first()).toBeVisible();
  await trackerRows(page).first().getByRole('checkbox').check();
  const toolbar = page.getByRole('toolbar', { name: 'Actions for the selected trackers' });
  await expect(toolbar).toContainText('1 selected');
  await expect(toolbar.getByRole('button', { name: 'Delete clones' })).toHaveCount(0);

  await trackerRows(page).first().getByRole('link').click();
  const actions = page.getByRole('toolbar', { name: 'Tracker actions' });
  await expect(actions.getByRole('button', { name: 'Edit' })).toBeVisible();
  await expect(actions.getByRole('button', { name: 'Delete clone' })).toHaveCount(0);
  await expect(actions.getByRole('button', { name: 'Corrupt' })).toHaveCount(0);
  await expect(actions.getByRole('button', { name: 'Move' })).toHaveCount(0);
});

test('the server refuses what the UI hides (13, in words)', async ({ page }) => {
  await signInAsStaff(page);
  const hash = await page.evaluate(() => JSON.parse(sessionStorage.getItem('dealer-console.session')!).hash as string);
  const answer = await page.evaluate(async (h) => {
    const r = await fetch('/v2/panel/tracker/batch_delete_clones', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hash: h, trackers: [1] }),
    });
    return r.json();
  }, hash);
  expect(answer.status.code).toBe(13);
});
