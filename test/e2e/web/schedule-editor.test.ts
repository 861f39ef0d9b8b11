import type { Browser, Page } from 'playwright-core';
import { startStack, type Stack, type StackUser } from '../../fixtures/stack';
import { capture, ensureWebConsoleBuilt, launchChromium, openConsole, seriousA11yViolations, VIEWPORTS, type ViewportName } from '../../fixtures/browser';

/** Creating and editing a schedule and its layers in the console, against the real service, in both viewports. */

jest.setTimeout(300_000);

let stack: Stack;
let browser: Browser;
let people: StackUser[];

beforeAll(async () => {
  await ensureWebConsoleBuilt();
  stack = await startStack();
  browser = await launchChromium();
  people = [await stack.aUser('Ada Lovelace'), await stack.aUser('Grace Hopper'), await stack.aUser('Linus Pauling')];
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Picks `option` in a Mantine Select found by its label inside `scope`. */
async function pick(page: Page, scope: ReturnType<Page['locator']>, label: string, option: string) {
  await scope.getByLabel(label, { exact: true }).first().click();
  await page.getByRole('option', { name: option, exact: true }).first().click();
}

const memberNames = (scope: ReturnType<Page['locator']>, layer: number) =>
  scope.getByRole('list', { name: `Layer ${layer} members, in rotation order` }).locator('.nl-member-name').allTextContents();

describe.each(Object.keys(VIEWPORTS) as ViewportName[])('on a %s screen', (viewport) => {
  test('a schedule is created with two layers, an active window and members reordered by keyboard; bad fields are named beside them; then it is edited', async () => {
    const { context, page, pageErrors } = await openConsole(browser, stack.url, viewport, { token: stack.config.ADMIN_API_TOKEN });
    const name = `Support ${viewport}`;
    try {
      await page.goto('/schedules');
      const form = page.getByRole('form', { name: 'Create a schedule' });
      await form.getByLabel('Schedule name').fill(name);
      await form.getByLabel('Time zone', { exact: true }).fill('Mars/Olympus_Mons');
      for (const p of people) await pick(page, form, 'Add to Layer 1 members, in rotation order', p.name);
      await expect(memberNames(form, 1)).resolves.toEqual(['1. Ada Lovelace', '2. Grace Hopper', '3. Linus Pauling']);
      // Keyboard reordering: lift Linus with Space, move him up twice, drop him.
      await form.getByRole('button', { name: 'Move Linus Pauling, position 3 of 3' }).focus();
      // One key at a time, as a person presses them: the list settles (and announces) after each move.
      for (const key of ['Space', 'ArrowUp', 'ArrowUp', 'Space']) {
        await page.keyboard.press(key);
        await page.waitForTimeout(300);
      }
      await expect(memberNames(form, 1)).resolves.toEqual(['1. Linus Pauling', '2. Ada Lovelace', '3. Grace Hopper']);

      // A second layer: nights only, with a typo in its handoff time.
      await form.getByRole('button', { name: 'Add a layer' }).click();
      await form.getByLabel('Layer 2 name').fill('Nights');
      await pick(page, form, 'Layer 2 rotation', 'daily');
      await form.getByLabel('Layer 2 handoff time').fill('25:00');
      await form.getByRole('group', { name: 'Layer 2' }).getByRole('button', { name: 'Only active in some hours or days…' }).click();
      await pick(page, form, 'Add to Layer 2 members, in rotation order', 'Grace Hopper');
      await form.getByRole('button', { name: 'Create schedule' }).click();

      // Both bad fields are named beside themselves; the good ones are not marked.
      await form.getByText('Some fields need fixing: see the messages beside them.').waitFor();
      const zone = form.getByLabel('Time zone', { exact: true });
      await expect(zone.getAttribute('aria-invalid')).resolves.toBe('true');
      const handoff2 = form.getByLabel('Layer 2 handoff time');
      await expect(handoff2.getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(form.getByLabel('Layer 1 handoff time').getAttribute('aria-invalid')).resolves.not.toBe('true');
      await capture(page, 'schedule-form-errors', viewport);
      expect(await seriousA11yViolations(page)).toEqual([]);

      await zone.fill('America/Chicago');
      await handoff2.fill('18:00');
      await form.getByRole('button', { name: 'Create schedule' }).click();
      await page.getByRole('heading', { name, level: 1 }).waitFor();
      await page.locator('[data-testid=schedule-calendar][data-loaded=yes]').waitFor();
      await page.locator('.nl-lane-name').filter({ hasText: 'Layer 2: Nights' }).waitFor();

      const list = await stack.api.get('/schedules?limit=200');
      const saved = list.body.data.find((s: { name: string }) => s.name === name);
      const [ada, grace, linus] = people.map((p) => p.id);
      expect(saved.members.map((m: { userId: string }) => m.userId)).toEqual([linus, ada, grace]);
      expect(saved.timezone).toBe('America/Chicago');
      expect(saved.layers).toEqual([
        expect.objectContaining({ name: 'Nights', rotationType: 'daily', handoffTime: '18:00', restrictions: [{ start: '18:00', end: '09:00' }], members: [{ userId: grace }] }),
      ]);

      // Edit: the weekly base becomes a custom 3-day rotation handing off at 10:00.
      await page.getByRole('button', { name: 'Edit schedule and layers' }).click();
      const edit = page.getByRole('form', { name: `Edit ${name}` });
      await expect(memberNames(edit, 1)).resolves.toEqual(['1. Linus Pauling', '2. Ada Lovelace', '3. Grace Hopper']);
      await pick(page, edit, 'Layer 1 rotation', 'custom period');
      await edit.getByLabel('Layer 1 period', { exact: true }).fill('3');
      await edit.getByLabel('Layer 1 handoff time').fill('10:00');
      await edit.getByRole('button', { name: 'Remove Ada Lovelace' }).first().click();
      await edit.getByRole('button', { name: 'Save schedule' }).click();
      await edit.waitFor({ state: 'detached' });
      const after = await stack.api.get(`/schedules/${saved.id}`);
      expect(after.body).toMatchObject({ rotationType: 'custom', periodDays: 3, handoffTime: '10:00', members: [{ userId: linus }, { userId: grace }] });
      expect(after.body.layers).toHaveLength(1);
      await capture(page, 'schedule-edited', viewport);
    } finally {
      await context.close();
    }
    expect(pageErrors).toEqual([]);
  });
});
