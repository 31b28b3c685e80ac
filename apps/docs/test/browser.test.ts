import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type MockServer, startMockServer } from '@segmind-ts/mock/server';
import { MODELS } from '@segmind-ts/spec';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUIDES } from '../scripts/lib/guides.mjs';
import { PAGES } from '../scripts/lib/pages.mjs';
import { listOperations } from '../scripts/lib/spec.mjs';
import { launchBrowser, offLoopback, skipReason, type TestBrowser } from './helpers/browser.js';
import { assertBuilt, distDir, resultsDir } from './helpers/dist.js';

// CI installs Chromium (.ci/run): there, a missing browser is a broken setup, not a skip.
if (skipReason && process.env.CI)
  throw new Error(`The docs browser tests cannot run: ${skipReason}`);
if (skipReason) console.warn(`Skipping the docs browser tests: ${skipReason}`);

/** The operations of the built spec, with the section id Scalar gives each (first tag). */
function operations() {
  const spec = JSON.parse(readFileSync(join(distDir, 'openapi.json'), 'utf8'));
  return listOperations(spec).map((operation) => {
    const definition = spec.paths[operation.path][operation.method];
    return {
      ...operation,
      summary: definition.summary as string,
      sectionId: `api-1/tag/${definition.tags[0]}/${operation.method.toUpperCase()}${operation.path}`,
    };
  });
}

/** Every `request_id` a JSON body on the page shows. */
async function shownRequestIds(page: Page): Promise<string[]> {
  const text = ((await page.locator('body').textContent()) ?? '').replace(/\s+/g, ' ');
  return [...text.matchAll(/"request_id":\s*"([^"]+)"/g)].map((match) => match[1] ?? '');
}

/** The ids the mock issued to v2 submits, from its journal. */
function submittedIds(server: MockServer): string[] {
  return server.mock.requests
    .filter((entry) => entry.method === 'POST' && entry.path === '/v2/background-eraser')
    .map((entry) => entry.requestId)
    .filter((id): id is string => typeof id === 'string');
}

/**
 * How long the page may take to show something. Generous, not a speed check: Chromium renders
 * Scalar on the same two cores on which the whole monorepo's tests run in parallel, where a
 * render that takes a second alone can take many (expect.poll's own default is 1 s).
 */
const UI_WAIT_MS = 30_000;

describe.skipIf(skipReason !== undefined)(
  'the docs in Chromium, served by segmind-mock',
  {
    // Each test opens pages and waits for them (see UI_WAIT_MS), some several in turn.
    timeout: 180_000,
  },
  () => {
    let server: MockServer;
    let browser: TestBrowser;
    const pageErrors: string[] = [];
    // The pages' CSP blocks a stray request before it reaches the network; Chromium still reports
    // the attempt (a request that fails with "csp"), and its console names the refused URL. Both
    // are checked: the pages must not even try.
    const cspRefusals: string[] = [];

    beforeAll(async () => {
      assertBuilt();
      mkdirSync(resultsDir, { recursive: true });
      server = await startMockServer({
        host: '127.0.0.1',
        port: 0,
        docsDir: distDir,
        logLevel: 'error',
      });
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    async function open(path: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
      const page = await browser.newPage(colorScheme);
      page.on('pageerror', (error) => pageErrors.push(`${path}: ${error.message}`));
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) cspRefusals.push(message.text());
      });
      await page.goto(`${server.url}/docs/${path}`);
      return page;
    }

    async function openReference(colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
      const page = await open('', colorScheme);
      // The last operation of the sidebar: once it is there, the document is loaded.
      await page
        .getByRole('button', { name: /Get the credit balance/ })
        .first()
        .waitFor({ timeout: UI_WAIT_MS });
      return page;
    }

    it('renders every operation with its TypeScript, curl and Python samples', async () => {
      const page = await openReference();
      const all = operations();
      // The four request endpoints, and a v1 and a v2 operation per model of the registry.
      expect(all).toHaveLength(4 + 2 * Object.keys(MODELS).length);
      for (const operation of all) {
        const section = page.locator(`section[id="${operation.sectionId}"]`);
        await section.scrollIntoViewIfNeeded();
        await expect
          .poll(() => section.locator('h1, h2, h3').first().textContent(), { timeout: UI_WAIT_MS })
          .toContain(operation.summary);
        // The sample picker shows the first of the spec's x-codeSamples, the tested TypeScript.
        await expect
          .poll(() => section.textContent(), { timeout: UI_WAIT_MS })
          .toContain("from '@segmind-ts/client'");
      }
      await page.close();
    });

    it("offers the page's own origin (the mock) as the first server, then the spec's", async () => {
      const page = await openReference();
      const servers = await page.evaluate(() => {
        const spec = (window as unknown as { SEGMIND_OPENAPI: { servers: { url: string }[] } })
          .SEGMIND_OPENAPI;
        return spec.servers.map((entry) => entry.url);
      });
      // The page patches a copy: the shipped document lists production and the default mock port.
      expect(servers).toEqual(['https://api.segmind.com', 'http://127.0.0.1:4010']);
      await expect
        .poll(() => page.locator('body').textContent(), { timeout: UI_WAIT_MS })
        .toContain(server.url);
      await expect
        .poll(() => page.locator('body').textContent(), { timeout: UI_WAIT_MS })
        .toContain('This segmind-mock (it serves these pages)');
      await page.close();
    });

    it.each(GUIDES.map((guide) => [guide.title, guide] as const))(
      'renders the guide %s with the shared navigation',
      async (_title, guide) => {
        const page = await open(`guides/${guide.slug}.html`);
        await expect(page.locator('h1').first().textContent()).resolves.toContain(guide.title);
        const nav = page.locator('.site-nav nav a');
        await expect(nav.count()).resolves.toBe(PAGES.length + 1);
        await expect(
          page.locator('.site-nav nav a[aria-current="page"]').textContent(),
        ).resolves.toBe(guide.title);
        expect(await page.locator('main pre.code').count()).toBeGreaterThan(0);
        await page.close();
      },
    );

    it('links from every guide back to the reference', async () => {
      const page = await open('guides/quickstart.html');
      await page.getByRole('link', { name: 'API reference' }).click();
      await page
        .getByRole('button', { name: /Get the result of a queued job/ })
        .first()
        .waitFor({ timeout: UI_WAIT_MS });
      expect(new URL(page.url()).pathname).toBe('/docs/index.html');
      await page.close();
    });

    it.each(Object.values(MODELS).map((facts) => [facts.slug, facts] as const))(
      "links %s from the quickstart's models table to its section of the reference",
      async (slug, facts) => {
        const page = await open('guides/quickstart.html');
        await page.locator('main table').getByRole('link', { name: facts.title }).click();
        const section = page.locator(`section[id="api-1/tag/${slug}"]`);
        await section.waitFor({ timeout: UI_WAIT_MS });
        expect(new URL(page.url()).hash).toBe(`#tag/${slug}`);
        // Scrolled to: the section's heading is in the top half of the window.
        await expect
          .poll(
            () =>
              section.evaluate((element) => {
                const { top } = element.getBoundingClientRect();
                return top >= 0 && top < window.innerHeight / 2;
              }),
            { timeout: UI_WAIT_MS },
          )
          .toBe(true);
        await page.close();
      },
    );

    it('links the mock console from the navigation, since the mock serves these pages', async () => {
      const page = await open('guides/mock.html');
      const link = page.getByRole('link', { name: 'Mock console' });
      await link.waitFor({ timeout: UI_WAIT_MS });
      await link.click();
      await page.waitForURL(`${server.url}/__mock/console`);
      await page.locator('#connection.live').waitFor({ timeout: UI_WAIT_MS });
      await page.close();
    });

    it('finds grow_mask with the search (Ctrl+K)', async () => {
      const page = await openReference();
      await page.keyboard.press('Control+k');
      await page.keyboard.type('grow_mask');
      const options = page.getByRole('option');
      await expect.poll(() => options.count(), { timeout: UI_WAIT_MS }).toBeGreaterThan(0);
      const texts = await options.allTextContents();
      expect(texts.some((text) => text.includes('/v1/background-eraser'))).toBe(true);
      expect(texts.some((text) => text.includes('/v2/background-eraser'))).toBe(true);
      expect(texts.every((text) => text.includes('background-eraser'))).toBe(true);
      await page.close();
    });

    it('submits a v2 background-eraser job to the mock with try-it and shows its request_id', async () => {
      const page = await openReference();
      const section = page.locator(
        'section[id="api-1/tag/background-eraser/POST/v2/background-eraser"]',
      );
      await section.scrollIntoViewIfNeeded();
      await section.getByRole('button', { name: /Test Request/ }).click();
      const send = page.getByRole('button', { name: /Send post request to/ });
      await expect(send.textContent()).resolves.toContain(`${server.url}/v2/background-eraser`);
      await send.click();

      // The mock received the submit and issued an id; the page shows that id, which no static
      // example of the spec could contain.
      await expect.poll(() => submittedIds(server), { timeout: UI_WAIT_MS }).toHaveLength(1);
      const [requestId] = submittedIds(server);
      expect(server.mock.job(requestId ?? '')).toBeDefined();
      await expect.poll(() => shownRequestIds(page), { timeout: UI_WAIT_MS }).toContain(requestId);
      await expect
        .poll(() => page.locator('body').textContent(), { timeout: UI_WAIT_MS })
        .toContain('200 OK');
      await page.screenshot({ path: join(resultsDir, 'try-it.png') });
      await page.close();
    });

    it('saves light and dark screenshots of the reference and a guide', async () => {
      for (const scheme of ['light', 'dark'] as const) {
        const reference = await openReference(scheme);
        const isDark = await reference.evaluate(() =>
          document.body.classList.contains('dark-mode'),
        );
        expect(isDark).toBe(scheme === 'dark');
        await reference.screenshot({ path: join(resultsDir, `reference-${scheme}.png`) });
        // An operation with its request body, samples and responses.
        await reference
          .getByRole('button', { name: /Queue a background removal \(async, v2\)/ })
          .first()
          .click();
        await reference
          .locator(
            'section[id="api-1/tag/background-eraser/POST/v2/background-eraser"] h1, section[id="api-1/tag/background-eraser/POST/v2/background-eraser"] h2, section[id="api-1/tag/background-eraser/POST/v2/background-eraser"] h3',
          )
          .first()
          .waitFor({ timeout: UI_WAIT_MS });
        await reference.screenshot({ path: join(resultsDir, `operation-${scheme}.png`) });
        await reference.close();

        const guide = await open('guides/lifecycle.html', scheme);
        const background = await guide.evaluate(
          () => getComputedStyle(document.body).backgroundColor,
        );
        expect(background).toBe(scheme === 'dark' ? 'rgb(15, 17, 21)' : 'rgb(255, 255, 255)');
        await guide.screenshot({
          path: join(resultsDir, `guide-lifecycle-${scheme}.png`),
          fullPage: true,
        });
        await guide.close();
      }
    });

    it('made no request to any origin but the loopback one, tried none, and threw no page error', () => {
      const offenders = offLoopback(browser.requests);
      expect(offenders, `requests off the loopback interface:\n${offenders.join('\n')}`).toEqual(
        [],
      );
      expect(browser.requests.length).toBeGreaterThan(20);
      expect(browser.requests.some((url) => url.endsWith('/v2/background-eraser'))).toBe(true);
      expect(pageErrors).toEqual([]);
      expect(cspRefusals).toEqual([]);
    });
  },
);
