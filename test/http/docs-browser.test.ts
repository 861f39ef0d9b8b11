import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { buildTestApp, type TestApp } from '../fixtures/app';

jest.setTimeout(90_000);

const CHROMIUM = '/usr/bin/chromium';

describe('the interactive API docs in a real browser', () => {
  let t: TestApp;
  let server: Server;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    t = await buildTestApp();
    server = t.app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await t?.close();
  });

  it('when a newcomer opens /docs offline, Swagger UI renders the Nightline API with its operations, loading nothing from elsewhere', async () => {
    const page = await browser.newPage();
    const foreign: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith(base)) foreign.push(req.url());
    });
    await page.goto(`${base}/docs`);
    await page
      .locator('.swagger-ui .info .title')
      .filter({ hasText: 'Nightline API' })
      .waitFor({ timeout: 60_000 });
    await page.locator('.opblock-summary-path', { hasText: '/api/v1/users' }).first().waitFor();
    const operations = await page.locator('.opblock').count();
    expect(operations).toBeGreaterThan(50);
    expect(foreign.filter((u) => !u.startsWith('data:'))).toEqual([]);
    await page.close();
  });
});
