import type { Browser, Page } from 'playwright-core';
import type { Express } from 'express';
import { readFileSync } from 'node:fs';
import { startStack, type Stack, type StackUser } from '../../fixtures/stack';
import { aPerson, aTokenFor } from '../../fixtures/identity';
import type { Api } from '../../fixtures/builders';
import { capture, ensureWebConsoleBuilt, launchChromium, openConsole, seriousA11yViolations, VIEWPORTS, type ViewportName } from '../../fixtures/browser';

/**
 * The console's phone lines, fatigue, audit and people pages, role-aware controls and the dev phone's call to a
 * phone line, against the real service (Temporal dev server, Mongo-wire, Twilio simulator), in both viewports.
 */

jest.setTimeout(240_000);

let stack: Stack;
let browser: Browser;
let ada: StackUser;
let line: { id: string; number: string };
let alertId: string;
let viewer: { token: string };
let responder: { token: string; user: { id: string; phone: string; name: string } };
const VOICEMAIL = 'The freezer alarm in building 2 is going off.';

beforeAll(async () => {
  await ensureWebConsoleBuilt();
  stack = await startStack();
  browser = await launchChromium();
  ada = await stack.aUser('Ada Lovelace');
  const grace = await stack.aUser('Grace Hopper');
  // Ada's seven days began yesterday, so she is on call whatever the day and hour the test runs.
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const weekly = await stack.aSchedule([ada.id, grace.id], { name: 'Plant after hours', timezone: 'UTC', rotationType: 'custom', periodDays: 7, handoffTime: '09:00', startDate: yesterday });
  const policy = await stack.aPolicy([[{ type: 'schedule', id: weekly.id }]], 30);
  line = await stack.aLine({ name: 'Plant hotline', scheduleId: weekly.id, emergencyPrompt: true, greeting: 'You have reached the plant after hours.' });
  // One missed call that became a voicemail with a transcription.
  stack.sim.phone(ada.phone).ringOut();
  stack.sim.phone(grace.phone).ringOut();
  const missed = stack.sim.placeInboundCall({ from: '+15552240001', to: line.number, script: { pressDigits: ['1'], record: { seconds: 7, transcription: VOICEMAIL, endWith: '#' } } });
  await stack.sim.records.waitForCallEnd(missed.sid, 30_000);
  await stack.api.post('/services', { name: 'Plant telemetry', escalationPolicyId: policy.id });
  // The voicemail became an alert whose page rings out first: a page sent while that call still rings would join it.
  const onCallPhones = [ada.phone, grace.phone];
  await stack.sim.records.waitFor(
    () => stack.sim.records.calls.find((c) => onCallPhones.includes(c.to) && c.parentCallSid === null && c.finished && c.status === 'no-answer'),
    60_000,
    "the voicemail alert's page to ring out",
  );
  // The page is answered and acknowledged with 1, so the fatigue report has a time to acknowledge.
  stack.sim.phone(ada.phone).answers({ pressDigits: ['1'] });
  stack.sim.phone(grace.phone).answers({ pressDigits: ['1'] });
  alertId = await stack.trigger(policy.id, { title: 'Compressor 3 pressure low', severity: 'high' });
  await stack.waitForAlert(alertId, (a) => expect(a.status).toBe('acknowledged'), 30_000);
  // A change with a before and an after, for the audit page.
  await stack.api.patch(`/users/${grace.id}`, { name: 'Grace B. Hopper' });

  const api: Api = { app: stack.url as unknown as Express, token: stack.config.ADMIN_API_TOKEN };
  const teams = (await stack.api.get('/teams')).body.items as { id: string; isDefault: boolean }[];
  const team = teams.find((t) => t.isDefault)!.id;
  const v = await aPerson(api, [{ teamId: team, role: 'viewer' }], { name: 'Vera Viewer' });
  viewer = { token: (await aTokenFor(api, v, { role: 'viewer', teamIds: [team] })).token };
  const r = await aPerson(api, [{ teamId: team, role: 'responder' }], { name: 'Rosa Responder' });
  responder = { user: r, token: (await aTokenFor(api, r, { role: 'responder', teamIds: [team] })).token };
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Opens a page and waits until the console knows who is signed in: only then is a hidden control really hidden. */
async function visit(page: Page, path: string, who: RegExp): Promise<void> {
  await page.goto(path);
  await page.getByTestId('signed-in-as').filter({ hasText: who }).waitFor({ state: 'attached' });
}

async function checked(page: Page, name: string, viewport: ViewportName): Promise<void> {
  await capture(page, name, viewport);
  expect(await seriousA11yViolations(page)).toEqual([]);
  // Nothing may widen a phone screen: long numbers, URLs and codes wrap.
  const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
  expect(overflow).toBeLessThanOrEqual(0);
}

describe.each(Object.keys(VIEWPORTS) as ViewportName[])('on a %s screen', (viewport) => {
  const admin = () => openConsole(browser, stack.url, viewport, { token: stack.config.ADMIN_API_TOKEN });

  test('the phone lines page shows the number, whom it rings, and the missed call with its voicemail and transcription', async () => {
    const { context, page, pageErrors } = await admin();
    try {
      await page.goto('/phone-lines');
      const card = page.getByRole('region', { name: 'Phone line Plant hotline' });
      await card.getByText(line.number).waitFor();
      await card.getByText('Rings whoever is on call for Plant after hours.').waitFor();
      const calls = card.getByRole('list', { name: 'Recent calls to Plant hotline' });
      await calls.getByText('+15552240001').waitFor();
      await calls.getByText('not answered', { exact: true }).waitFor();
      await expect(calls.getByRole('link', { name: /^Voicemail \(7 s\)/ }).getAttribute('href')).resolves.toMatch(/Recordings\/RE/);
      await calls.getByText(`“${VOICEMAIL}”`, { exact: false }).waitFor();
      await checked(page, 'phone-lines', viewport);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('a manager adds a phone line: a bad number is named beside its field, a good one lists the line', async () => {
    const { context, page } = await admin();
    try {
      await visit(page, '/phone-lines', /admin token \(admin\)/);
      const form = page.getByRole('form', { name: 'Add a phone line' });
      const name = `Warehouse line ${viewport}`;
      await form.getByLabel('Name').fill(name);
      await form.getByLabel('Number (E.164)').fill('555-0100');
      await form.getByRole('button', { name: 'Add line' }).click();
      // The field's own message (the label says "E.164" too, so waiting for that text alone raced the answer).
      await form.getByText('must be an E.164 phone number such as +15551234567').waitFor();
      await expect(form.getByLabel('Number (E.164)').getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(form.getByLabel('Name').getAttribute('aria-invalid')).resolves.not.toBe('true');
      const number = viewport === 'phone' ? '+15559870002' : '+15559870001';
      await form.getByLabel('Number (E.164)').fill(number);
      await form.getByRole('combobox', { name: 'Rings whoever is on call for' }).or(form.getByLabel('Rings whoever is on call for', { exact: true })).first().click();
      await page.getByRole('option', { name: 'Plant after hours' }).click();
      await form.getByRole('button', { name: 'Add line' }).click();
      await page.getByRole('region', { name: `Phone line ${name}` }).getByText('Rings whoever is on call for Plant after hours.').waitFor();
    } finally {
      await context.close();
    }
  });

  test('the fatigue page draws on-call hours, pages and time to acknowledge against the team mean, and exports CSV', async () => {
    const { context, page, pageErrors } = await admin();
    try {
      await page.goto(`/fatigue?month=${new Date().toISOString().slice(0, 7)}`);
      await page.getByRole('table', { name: 'Fatigue figures' }).getByRole('cell', { name: 'Ada Lovelace' }).waitFor();
      for (const title of ['On-call hours', 'Pages and night-time interruptions']) {
        await page.getByRole('figure', { name: title }).locator('svg.recharts-surface .recharts-bar-rectangle').first().waitFor();
      }
      // Ada pressed 1 within a second of the simulated call: her bar is 0 s high, the caption says so.
      const ack = page.getByRole('figure', { name: 'Time to acknowledge' });
      await ack.locator('svg.recharts-surface[role=application]').waitFor();
      await ack.getByText(/^Team mean: \d+ s\.$/).waitFor();
      await page.getByRole('row', { name: /Ada Lovelace/ }).getByRole('cell', { name: /^\d+ s$/ }).waitFor();
      await page.getByRole('figure', { name: 'On-call hours' }).getByText('team mean').first().waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
      const csv = readFileSync(await download.path(), 'utf8');
      expect(csv.split('\r\n')[0]).toMatch(/^month,userId,name,/);
      expect(csv).toContain('Ada Lovelace');
      await checked(page, 'fatigue', viewport);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('the audit page shows who changed what with before and after, and filters by resource', async () => {
    const { context, page, pageErrors } = await admin();
    try {
      await page.goto('/audit?resource=user');
      const entries = page.getByRole('list', { name: 'Audit entries' });
      const change = entries.getByRole('listitem').filter({ hasText: 'Grace B. Hopper' }).first();
      await change.waitFor();
      await expect(change.textContent()).resolves.toMatch(/changed\s*user/);
      await expect(change.getByRole('definition').first().textContent()).resolves.toContain('Grace Hopper → Grace B. Hopper');
      await expect(entries.getByText(/escalation-policy/).count()).resolves.toBe(0);
      await checked(page, 'audit', viewport);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('a responder sends themself a test SMS and a test call from the console, and sets quiet hours and their own page throttle', async () => {
    const { context, page } = await openConsole(browser, stack.url, viewport, { token: responder.token });
    try {
      const textsBefore = stack.textsTo(responder.user.phone).length;
      const callsBefore = stack.callsTo(responder.user.phone).length;
      await visit(page, '/people', /Rosa Responder \(responder\)/);
      const mine = page.getByRole('region', { name: 'Your phone' });
      await mine.getByRole('button', { name: 'Send me a test SMS' }).click();
      await mine.getByText(`Text sent to ${responder.user.phone}.`).waitFor();
      await stack.sim.records.waitFor(() => stack.textsTo(responder.user.phone).length > textsBefore || undefined, 15_000, 'the test SMS');
      await mine.getByRole('button', { name: 'Send me a test call' }).click();
      await mine.getByText(`Calling ${responder.user.phone} now.`).waitFor();
      await stack.sim.records.waitFor(() => stack.callsTo(responder.user.phone).length > callsBefore || undefined, 15_000, 'the test call');

      await mine.getByLabel('Quiet from').fill('22:00');
      await mine.getByLabel('Quiet until').fill('7am');
      const throttle = mine.getByLabel('At most one call and one text every (seconds)');
      await throttle.fill('90.5');
      await mine.getByRole('button', { name: 'Save preferences' }).click();
      await mine.getByText('must be HH:mm', { exact: false }).waitFor();
      await mine.getByText('must be a whole number of seconds').waitFor();
      await throttle.fill('120');
      await expect(mine.getByLabel('Quiet until').getAttribute('aria-invalid')).resolves.toBe('true');
      await mine.getByLabel('Quiet until').fill('07:00');
      await mine.getByRole('button', { name: 'Save preferences' }).click();
      await mine.getByText('Saved.').waitFor();
      const saved = await stack.api.get(`/users/${responder.user.id}`);
      expect(saved.body.notificationPrefs.quietHours).toEqual({ start: '22:00', end: '07:00' });
      expect(saved.body.notificationPrefs.pageThrottleSeconds).toBe(120);
      // A responder adds nobody and edits only their own preferences.
      await expect(page.getByRole('form', { name: 'Add a person' }).count()).resolves.toBe(0);
      await checked(page, 'people-self', viewport);
    } finally {
      await context.close();
    }
  });

  test("an admin opens a colleague's paging settings from their name and sends them a test SMS", async () => {
    const { context, page } = await admin();
    try {
      const before = stack.textsTo(ada.phone).length;
      await visit(page, '/people', /admin token \(admin\)/);
      await page.getByRole('button', { name: 'Ada Lovelace', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Paging of Ada Lovelace' });
      await dialog.getByRole('form', { name: 'Paging preferences of Ada Lovelace' }).waitFor();
      await dialog.getByRole('button', { name: 'Send Ada Lovelace a test SMS' }).click();
      await dialog.getByText(`Text sent to ${ada.phone}.`).waitFor();
      await stack.sim.records.waitFor(() => stack.textsTo(ada.phone).length > before || undefined, 15_000, 'the test SMS');
      await checked(page, 'people-paging-dialog', viewport);
    } finally {
      await context.close();
    }
  });

  test('a viewer sees no edit or action buttons anywhere, and the API refuses those actions anyway', async () => {
    const { context, page } = await openConsole(browser, stack.url, viewport, { token: viewer.token });
    try {
      const vera = /Vera Viewer \(viewer\)/;
      await visit(page, '/escalation-policies', vera);
      await page.getByText(/on call for Plant after hours/).first().waitFor();
      await expect(page.getByRole('button', { name: 'Create policy' }).count()).resolves.toBe(0);
      await visit(page, '/services', vera);
      await page.getByRole('region', { name: /^Service / }).first().waitFor();
      await expect(page.getByRole('form', { name: 'Add a service' }).count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: 'Rotate key' }).count()).resolves.toBe(0);
      await visit(page, '/people', vera);
      await page.getByRole('cell', { name: 'Ada Lovelace', exact: true }).waitFor();
      await expect(page.getByRole('form', { name: 'Add a person' }).count()).resolves.toBe(0);
      await visit(page, `/alerts/${alertId}`, vera);
      await page.getByRole('heading', { name: 'Timeline' }).waitFor();
      for (const name of ['Acknowledge', 'Resolve', 'Escalate']) await expect(page.getByRole('button', { name }).count()).resolves.toBe(0);
      await expect(page.getByRole('link', { name: 'Audit log' }).count()).resolves.toBe(0);
      await capture(page, 'alert-as-viewer', viewport);
      await visit(page, '/phone-lines', vera);
      await page.getByRole('region', { name: 'Phone line Plant hotline' }).waitFor();
      await expect(page.getByRole('form', { name: 'Add a phone line' }).count()).resolves.toBe(0);

      const as = { Authorization: `Bearer ${viewer.token}`, 'Content-Type': 'application/json' };
      const ack = await fetch(`${stack.url}/api/v1/alerts/${alertId}/acknowledge`, { method: 'POST', headers: as, body: JSON.stringify({ by: 'console' }) });
      expect(ack.status).toBe(403);
      const create = await fetch(`${stack.url}/api/v1/users`, { method: 'POST', headers: as, body: JSON.stringify({ name: 'X', email: 'x@example.com', phone: '+15550001111' }) });
      expect(create.status).toBe(403);
    } finally {
      await context.close();
    }
  });

  test('a responder sees the alert actions a viewer does not', async () => {
    const { context, page } = await openConsole(browser, stack.url, viewport, { token: responder.token });
    try {
      await page.goto(`/alerts/${alertId}`);
      await page.getByRole('heading', { name: 'Timeline' }).waitFor();
      await page.getByRole('button', { name: 'Resolve' }).waitFor();
      await expect(page.getByRole('link', { name: 'Audit log' }).count()).resolves.toBe(0);
    } finally {
      await context.close();
    }
  });

  test('the alert timeline reads in words and wraps on the screen', async () => {
    const { context, page } = await admin();
    try {
      await page.goto(`/alerts/${alertId}`);
      const timeline = page.getByLabel('Timeline');
      await timeline.getByText('Alert triggered').first().waitFor();
      await expect(timeline.getByText('level_started', { exact: true }).count()).resolves.toBe(0);
      await checked(page, 'alert-timeline', viewport);
    } finally {
      await context.close();
    }
  });

  test("the dev phone calls a phone line: the caller hears the line's greeting and is put through to the person on call", async () => {
    const { context, page, pageErrors } = await admin();
    try {
      stack.sim.phone(ada.phone).answers({ pressDigits: ['1'], hangUpAfterSeconds: 20 });
      await page.goto('/dev-phone');
      const card = page.getByRole('region', { name: 'Call a phone line' });
      await card.getByRole('combobox', { name: 'Line' }).or(card.getByLabel('Line', { exact: true })).first().click();
      await page.getByRole('option', { name: /Plant hotline/ }).click();
      await card.getByLabel('Keys the caller presses at each menu').fill('1');
      await card.getByRole('button', { name: 'Place call' }).click();
      await card.getByText(/: completed$/).waitFor({ timeout: 30_000 });
      await card.getByRole('list', { name: 'What the caller heard' }).getByText('You have reached the plant after hours.', { exact: false }).waitFor();
      await card.getByText(`Rang ${ada.phone}: connected`).waitFor();
      await checked(page, 'dev-phone-call-a-line', viewport);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
