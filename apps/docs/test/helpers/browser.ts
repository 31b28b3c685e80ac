import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page, type Request } from 'playwright-core';

/** Debian's Chromium; `playwright install` cannot download a browser on this network. */
export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests are skipped, or undefined when they can run. */
export const skipReason = existsSync(CHROMIUM)
  ? undefined
  : `${CHROMIUM} is missing: install it with \`apt-get install -y chromium\` to run the browser tests`;

/** Hosts a page may talk to: the loopback test server, nothing else. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A running Chromium with a fresh profile, removed again on close. */
export interface TestBrowser {
  readonly context: BrowserContext;
  /** Every request made by any page of the browser, in order. */
  readonly requests: string[];
  /** A new tab in the light or dark colour scheme. */
  newPage(colorScheme?: 'light' | 'dark'): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Launches Chromium headless with a throw-away profile (a fresh user-data-dir) and the flags that
 * keep it off the network (no background requests, no component updates).
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'segmind-docs-chromium-'));
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
  const requests: string[] = [];
  context.on('request', (request: Request) => requests.push(request.url()));
  return {
    context,
    requests,
    async newPage(colorScheme = 'light') {
      const page = await context.newPage();
      await page.emulateMedia({ colorScheme });
      return page;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The recorded URLs that left the loopback interface. `data:` and `blob:` URLs never reach the
 * network; `about:blank` neither.
 */
export function offLoopback(requests: readonly string[]): string[] {
  return requests.filter((url) => {
    const parsed = new URL(url);
    if (parsed.protocol === 'data:' || parsed.protocol === 'blob:' || url === 'about:blank') {
      return false;
    }
    return !LOOPBACK_HOSTS.has(parsed.hostname) && !LOOPBACK_HOSTS.has(parsed.host);
  });
}
