// Headless Chromium for the console's browser tests, launched as the docs' tests launch it.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium; `playwright install` cannot download a browser on this network. */
export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests are skipped, or undefined when they can run. */
export const skipReason = existsSync(CHROMIUM)
  ? undefined
  : `${CHROMIUM} is missing: install it with \`apt-get install -y chromium\` to run the browser tests`;

/** What a page did that a test checks afterwards. */
export interface PageRecord {
  /** Every URL the page requested, in order. */
  requests: string[];
  /** Uncaught exceptions. */
  pageErrors: string[];
  /** `console.error` messages, Chromium's failed-resource reports included. */
  consoleErrors: string[];
}

/** A running Chromium with a fresh profile, removed again on close. */
export interface TestBrowser {
  readonly context: BrowserContext;
  /** A new tab in the light or dark colour scheme, recording into `record`. */
  newPage(colorScheme: 'light' | 'dark', record: PageRecord): Promise<Page>;
  close(): Promise<void>;
}

export function emptyRecord(): PageRecord {
  return { requests: [], pageErrors: [], consoleErrors: [] };
}

/**
 * Launches Chromium headless with a throw-away profile and the flags that keep it off the
 * network (no background requests, no component updates).
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'segmind-console-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
    viewport: { width: 1280, height: 900 },
    serviceWorkers: 'block',
  });
  return {
    context,
    async newPage(colorScheme, record) {
      const page = await context.newPage();
      await page.emulateMedia({ colorScheme });
      page.on('request', (request) => record.requests.push(request.url()));
      page.on('pageerror', (error) => record.pageErrors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') {
          record.consoleErrors.push(`${message.text()} (${message.location().url})`);
        }
      });
      return page;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
