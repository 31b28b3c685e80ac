// The mock console in headless Chromium, against a real segmind-mock server on a virtual clock.
// Nothing here waits on speed: every wait is a poll with a generous bound (the page polls the
// control API every 500 ms; 10 s leaves room for a loaded CI machine).
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../src/server/index.js';
import {
  emptyRecord,
  launchBrowser,
  type PageRecord,
  skipReason,
  type TestBrowser,
} from './browser-support.js';
import {
  REDIS_SERVER,
  REDIS_SKIP_NOTE,
  startRedis,
  TEST_STORE_TIMEOUT_MS,
  type TestRedis,
} from './redis/redis-server.js';

// CI installs Chromium (.ci/run): there, a missing browser is a broken setup, not a skip.
if (skipReason && process.env.CI) {
  throw new Error(`The console browser tests cannot run: ${skipReason}`);
}
if (skipReason) console.warn(`Skipping the console browser tests: ${skipReason}`);

const resultsDir = fileURLToPath(new URL('../test-results/', import.meta.url));
const WAIT = { timeout: 10_000 };
const KEY = 'console-test-key-0001';

type Json = Record<string, unknown>;

describe.skipIf(skipReason !== undefined)('the mock console in Chromium', () => {
  let server: MockServer;
  let browser: TestBrowser;
  // Everything every page of the open server did, checked by the last test.
  const record = emptyRecord();

  async function api(path: string, init: { method?: string; body?: unknown } = {}) {
    const response = await fetch(`${server.url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return { status: response.status, body: (await response.json()) as Json };
  }

  const submit = async (model: string, input: Json) =>
    (await api(`/v2/${model}`, { body: input })).body as Json & { request_id: string };

  async function openConsole(colorScheme: 'light' | 'dark' = 'light', into = record) {
    const page = await browser.newPage(colorScheme, into);
    await page.goto(`${server.url}/__mock/console`);
    await page.locator('#connection.live').waitFor(WAIT);
    return page;
  }

  const jobRow = (page: Page, id: string) => page.locator(`#jobs tr[data-request-id="${id}"]`);

  beforeAll(async () => {
    mkdirSync(resultsDir, { recursive: true });
    server = await startMockServer({ clock: 'virtual', logLevel: 'silent', rateLimit: 50 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows a job submitted through the API within a second, with its timings', async () => {
    const page = await openConsole();
    const job = await submit('bria-erase-foreground', { image: 'https://example.com/a.jpg' });
    const row = jobRow(page, job.request_id);
    await expect.poll(() => row.count(), WAIT).toBe(1);
    const cells = await row.locator('td').allTextContents();
    expect(cells[0]).toBe(job.request_id);
    expect(cells[1]).toBe('bria-erase-foreground');
    expect(cells[2]).toBe('QUEUED');
    expect(cells[4]).toMatch(/^PROCESSING in \d/);
    expect(cells[5]).toBe('1 h 0 min'); // an hour after it ends, about 13 s from now
    expect(cells[6]).toBe('—');
    await page.close();
  });

  it('advances the clock from the page: the job is COMPLETED and its thumbnail shows', async () => {
    const page = await openConsole();
    const job = await submit('background-eraser', {
      image: 'https://example.com/cat.png',
      return_mask: false,
    });
    const row = jobRow(page, job.request_id);
    await expect.poll(() => row.locator('td').nth(2).textContent(), WAIT).toBe('QUEUED');
    const before = (await api('/__mock/clock')).body.now as number;
    await page.getByLabel('Advance by').fill('90');
    await page.getByLabel('Unit').selectOption('s');
    await page.getByRole('button', { name: 'Advance', exact: true }).click();
    await expect.poll(() => row.locator('td').nth(2).textContent(), WAIT).toBe('COMPLETED');
    expect((await api('/__mock/clock')).body.now).toBe(before + 90_000);
    await expect
      .poll(() => page.locator('#clock-now').textContent(), WAIT)
      .toBe(new Date(before + 90_000).toISOString());
    const thumbnail = row.locator('img');
    await expect
      .poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth), WAIT)
      .toBeGreaterThan(0);
    // Read through the control API: the journal holds no request of the page's.
    expect(await thumbnail.getAttribute('src')).toMatch(/^blob:/);
    const journal = (await api('/__mock/requests?path=/outputs/')).body.requests;
    expect(journal).toEqual([]);
    expect(await thumbnail.getAttribute('alt')).toBe(`Output of job ${job.request_id}`);
    await page.close();
  });

  it('arms a fault from the page, and the next API call fails as armed', async () => {
    const page = await openConsole();
    await page.getByLabel('Method').selectOption('POST');
    await page.getByRole('textbox', { name: /^Path \(/ }).fill('/v2/background-eraser');
    await page.getByLabel('Status').first().fill('503');
    await page.getByLabel('Error text').fill('Injected from the console');
    await page.getByRole('button', { name: 'Arm the fault' }).click();
    await expect
      .poll(() => page.locator('#faults').textContent(), WAIT)
      .toContain('POST /v2/background-eraser → HTTP 503 “Injected from the console”, 1 left');
    const input = { image: 'https://example.com/cat.png', return_mask: false };
    expect(await api('/v2/background-eraser', { body: input })).toEqual({
      status: 503,
      body: { error: 'Injected from the console' },
    });
    expect((await api('/v2/background-eraser', { body: input })).status).toBe(200);
    await expect.poll(() => page.locator('#faults').textContent(), WAIT).toBe('None.');
    await page.close();
  });

  it('disarms one fault from the page, leaving the others', async () => {
    await api('/__mock/faults', { body: { path: '/v1/*', status: 500 } });
    await api('/__mock/faults', { body: { path: '/v2/*', status: 502, times: 3 } });
    const page = await openConsole();
    const disarm = page.getByRole('button', { name: /^Disarm fault \d+: any method \/v1\/\*/ });
    await disarm.waitFor(WAIT);
    await disarm.click();
    await expect
      .poll(async () => ((await api('/__mock/faults')).body.faults as Json[]).map((f) => f.path))
      .toEqual(['/v2/*']);
    await page.getByRole('button', { name: 'Disarm every fault' }).click();
    await expect.poll(async () => (await api('/__mock/faults')).body.faults).toEqual([]);
    await page.close();
  });

  it('arms a scripted failure with the keyboard alone', async () => {
    const page = await openConsole();
    await page.locator('#outcome-model').focus();
    await page.keyboard.press('ArrowDown'); // from "any model" to the first model
    await page.keyboard.press('Tab'); // the outcome
    await page.keyboard.press('Tab'); // the error
    await page.keyboard.type('Blocked from the keyboard');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await api('/__mock/outcomes')).body.outcomes, WAIT)
      .toEqual([
        {
          id: expect.any(Number),
          model: 'background-eraser',
          error: 'Blocked from the keyboard',
          times: 1,
        },
      ]);
    await expect
      .poll(() => page.locator('#outcomes').textContent(), WAIT)
      .toContain('background-eraser → FAILED “Blocked from the keyboard”, 1 job left');
    await expect.poll(() => page.locator('#announcer').textContent(), WAIT).toBe('Failure armed');
    await api('/__mock/outcomes', { method: 'DELETE' });
    await page.close();
  });

  it('finds a request by id with the journal filter, headers shown and the key masked', async () => {
    const page = await openConsole();
    const wanted = await submit('bria-erase-foreground', { image: 'https://example.com/b.jpg' });
    await submit('bria-erase-foreground', { image: 'https://example.com/c.jpg' });
    await api(`/v2/requests/${wanted.request_id}/status`);
    await page.getByLabel('Request id').fill(wanted.request_id);
    const summaries = page.locator('#journal summary');
    await expect
      .poll(() => summaries.allTextContents(), WAIT)
      .toEqual([
        expect.stringMatching(
          new RegExp(`GET /v2/requests/${wanted.request_id}/status → 200 · ${wanted.request_id}$`),
        ),
        expect.stringMatching(
          new RegExp(`POST /v2/bria-erase-foreground → 200 · ${wanted.request_id}$`),
        ),
      ]);
    await summaries.last().click();
    const detail = page.locator('#journal details[open]');
    await expect
      .poll(() => detail.textContent(), WAIT)
      .toContain('"image": "https://example.com/b.jpg"');
    const text = (await detail.textContent()) ?? '';
    expect(text).toMatch(/x-api-key: •••0001 #[0-9a-f]{6}/);
    expect(text).not.toContain(KEY);
    expect(text).toContain('"status": "QUEUED"');
    // Still open after the next polls: entries are kept, not redrawn.
    await page.waitForTimeout(1200);
    expect(await page.locator('#journal details[open]').count()).toBe(1);
    await page.getByLabel('Status', { exact: true }).last().fill('5xx');
    await expect
      .poll(() => page.locator('#journal-summary').textContent(), WAIT)
      .toBe('No request matches.');
    await page.close();
  });

  it("shows the control API's validation errors verbatim", async () => {
    const own = emptyRecord();
    const page = await openConsole('light', own);
    await page.getByLabel('Advance by').fill('-5');
    await page.getByRole('button', { name: 'Advance', exact: true }).click();
    await expect
      .poll(() => page.locator('#advance-error').textContent(), WAIT)
      .toBe('ms: must be a finite number >= 0');
    await page.getByLabel('Status', { exact: true }).last().fill('teapot');
    await expect
      .poll(() => page.locator('#journal-error').textContent(), WAIT)
      .toBe('status: must be a code (404), a class (4xx) or network-error');
    await page.close();
    // Chromium reports each refused call; nothing else went wrong.
    expect(own.pageErrors).toEqual([]);
    for (const message of own.consoleErrors) expect(message).toMatch(/status of 400/);
    expect(own.consoleErrors.length).toBeGreaterThan(0);
  });

  it('shows credits and the rate-limit window per key, masked', async () => {
    const page = await openConsole();
    const keys = page.locator('#keys tbody');
    await expect
      .poll(() => keys.textContent(), WAIT)
      .toMatch(/•••0001 #[0-9a-f]{6} \(seen\)unlimited\d+ of 50/);
    expect(await keys.textContent()).not.toContain(KEY);
    await page.close();
  });

  it('writes light and dark screenshots, in the docs colours', async () => {
    await submit('bria-erase-foreground', { image: 'https://example.com/d.jpg' });
    await api('/__mock/faults', {
      body: { method: 'GET', path: '/v2/requests/*', status: 503, times: 2 },
    });
    await api('/__mock/outcomes', {
      body: { model: 'bria-erase-foreground', error: 'Flagged', times: 1 },
    });
    for (const scheme of ['light', 'dark'] as const) {
      const page = await openConsole(scheme);
      await page.locator('#jobs tbody tr').first().waitFor(WAIT);
      await page.locator('#journal summary').first().click();
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe(scheme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(15, 17, 21)');
      await page.screenshot({ path: `${resultsDir}console-${scheme}.png`, fullPage: true });
      await page.close();
    }
    await api('/__mock/faults', { method: 'DELETE' });
    await api('/__mock/outcomes', { method: 'DELETE' });
  });

  it('resets the mock from the page', async () => {
    const page = await openConsole();
    await page.getByRole('button', { name: 'Reset the mock' }).click();
    await expect.poll(async () => (await api('/__mock/jobs')).body.jobs, WAIT).toEqual([]);
    await expect
      .poll(() => page.locator('#jobs-summary').textContent(), WAIT)
      .toMatch(/^No job yet/);
    await page.close();
  });

  it('made no request off its origin and had no page error', () => {
    expect(record.requests.length).toBeGreaterThan(10);
    const foreign = record.requests.filter(
      (url) => !/^(data|blob):/.test(url) && new URL(url).origin !== server.url,
    );
    expect(foreign).toEqual([]);
    expect(record.pageErrors).toEqual([]);
    expect(record.consoleErrors).toEqual([]);
  });
});

describe.skipIf(skipReason !== undefined)('the mock console behind an admin token', () => {
  let server: MockServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    server = await startMockServer({
      clock: 'virtual',
      adminToken: 'let-me-in',
      logLevel: 'silent',
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows nothing until the token is entered, then the state', async () => {
    const submitted = await fetch(`${server.url}/v2/bria-erase-foreground`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ image: 'https://example.com/secret.jpg' }),
    });
    const { request_id: id } = (await submitted.json()) as { request_id: string };
    const record: PageRecord = emptyRecord();
    const page = await browser.newPage('light', record);
    await page.goto(`${server.url}/__mock/console`);
    const tokenField = page.getByLabel('Token');
    await tokenField.waitFor(WAIT);
    expect(await page.locator('#app').isHidden()).toBe(true);
    // Give it time to poll, were it to: nothing of the state may reach the page.
    await page.waitForTimeout(1500);
    const locked = await page.evaluate(() => document.documentElement.outerHTML);
    expect(locked).not.toContain(id);
    expect(locked).not.toContain('bria-erase-foreground');
    expect(record.requests.filter((url) => /\/__mock\/(?!console)/.test(url))).toEqual([]);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('token');
    await page.screenshot({ path: `${resultsDir}console-locked.png` });

    await tokenField.fill('wrong');
    await tokenField.press('Enter');
    await expect
      .poll(() => page.locator('#token-error').textContent(), WAIT)
      .toBe('The control API needs Authorization: Bearer <admin token>');
    expect(await page.locator('#app').isHidden()).toBe(true);

    await tokenField.fill('let-me-in');
    await tokenField.press('Enter');
    await expect
      .poll(() => page.locator(`#jobs tr[data-request-id="${id}"]`).count(), WAIT)
      .toBe(1);
    expect(await page.locator('#token-form').isHidden()).toBe(true);

    // Kept for the tab: a reload needs no token; forgetting it hides the state again.
    await page.reload();
    await page.locator(`#jobs tr[data-request-id="${id}"]`).waitFor(WAIT);
    await page.getByRole('button', { name: 'Forget the token' }).click();
    expect(await page.locator('#app').isHidden()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toContain(id);
    await page.close();

    expect(record.pageErrors).toEqual([]);
    // The one refused call is the wrong token's.
    for (const message of record.consoleErrors) expect(message).toMatch(/status of 401/);
    const foreign = record.requests.filter(
      (url) => !/^(data|blob):/.test(url) && new URL(url).origin !== server.url,
    );
    expect(foreign).toEqual([]);
  });
});

describe.skipIf(skipReason !== undefined || !REDIS_SERVER)(
  `the mock console of instances sharing one Redis${REDIS_SKIP_NOTE}`,
  () => {
    let redis: TestRedis;
    let browser: TestBrowser;
    const servers: MockServer[] = [];

    beforeAll(async () => {
      redis = await startRedis();
      for (let i = 0; i < 2; i++) {
        servers.push(
          await startMockServer({
            clock: 'virtual',
            logLevel: 'silent',
            store: redis.url,
            storeTimeoutMs: TEST_STORE_TIMEOUT_MS,
            storePrefix: `console-${process.pid}`,
          }),
        );
      }
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await Promise.all(servers.map((server) => server.close()));
      await redis?.dispose();
    });

    it("shows on one instance's console the job submitted on another, as the clock moves", async () => {
      const [a, b] = servers as [MockServer, MockServer];
      const submitted = await fetch(`${a.url}/v2/background-eraser`, {
        method: 'POST',
        headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
        body: JSON.stringify({ image: 'https://example.com/shared.png', return_mask: false }),
      });
      const { request_id: id } = (await submitted.json()) as { request_id: string };
      const record: PageRecord = emptyRecord();
      const page = await browser.newPage('light', record);
      await page.goto(`${b.url}/__mock/console`);
      await page.locator('#connection.live').waitFor(WAIT);
      const status = page.locator(`#jobs tr[data-request-id="${id}"] td`).nth(2);
      await expect.poll(() => status.textContent(), WAIT).toBe('QUEUED');
      // Moved on A, seen on B's page: the clock is shared too.
      await fetch(`${a.url}/__mock/clock/advance`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ms: 60_000 }),
      });
      await expect.poll(() => status.textContent(), WAIT).toBe('COMPLETED');
      await page.close();
      expect(record.pageErrors).toEqual([]);
      expect(record.consoleErrors).toEqual([]);
    });
  },
);
