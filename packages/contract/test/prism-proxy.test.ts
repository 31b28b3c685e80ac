import { type MockServer, startMockServer } from '@segmind-ts/mock/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContractSuite } from '../src/index.js';
import { type RunningPrism, SPEC_PATH, startPrism } from './helpers/prism.js';
import { createReferenceTarget } from './helpers/reference-target.js';
import { serveHandler } from './helpers/serve-handler.js';

// Prism judges the mock: every exchange of the scenario suite goes through
// `prism proxy spec/dist/openapi.json <mock> --errors`, which answers any request or response
// that breaks the spec with its own problem+json. Control calls go to the mock directly (the
// control API is not part of the spec), and so do output media URLs.
//
// The mock knows a key in each state the suite can drive (unknown keys get 401), so its own 401,
// 403, 406 and 429 answers pass Prism, not only injected ones. The rate limit applies to every
// key, but the suite resets the mock before each check and no check makes 100 calls, so only the
// rate-limit check, on its own key, ever reaches it.
const KEYS = {
  main: 'contract-key',
  invalid: 'contract-unknown',
  forbidden: 'contract-banned',
  broke: 'contract-broke',
  rateLimited: 'contract-throttled',
} as const;
const CREDITS = 500;
const COSTS = { 'background-eraser': 1, 'bria-erase-foreground': 3 };
const RATE_LIMIT = 100;

describe('the mock, judged by Prism (prism proxy --errors)', () => {
  let mock: MockServer;
  let prism: RunningPrism;

  beforeAll(async () => {
    mock = await startMockServer({
      port: 0,
      clock: 'virtual',
      logLevel: 'silent',
      apiKeys: {
        [KEYS.main]: { credits: CREDITS },
        [KEYS.broke]: { credits: 0 },
        [KEYS.forbidden]: { forbidden: true },
        [KEYS.rateLimited]: {},
      },
      costs: COSTS,
      rateLimit: RATE_LIMIT,
    });
    prism = await startPrism(['proxy', SPEC_PATH, mock.url, '--errors']);
  });
  afterAll(async () => {
    await prism?.stop();
    await mock?.close();
  });

  it('drives the whole scenario suite through Prism with zero violations', async () => {
    const report = await runContractSuite({
      baseUrl: prism.url,
      control: mock.url,
      behindPrism: true,
      upstreamOrigin: mock.url,
      apiKey: KEYS.main,
      keys: {
        invalid: KEYS.invalid,
        forbidden: KEYS.forbidden,
        broke: KEYS.broke,
        rateLimited: KEYS.rateLimited,
      },
      rateLimit: RATE_LIMIT,
    });
    const throughPrism = report.exchanges.filter((e) => e.url.startsWith(prism.url));
    const checkNamed = (prefix: string) => report.checks.find((c) => c.name.startsWith(prefix));
    // The mock's own answers (not injected faults) that passed Prism, by status.
    const own = new Map<number, string[]>();
    for (const [status, prefix] of [
      [401, '401 missing or unknown API key'],
      [403, '403 forbidden key'],
      [406, '406 insufficient credits'],
      [429, '429 rate limited'],
    ] as const) {
      const check = checkNamed(prefix);
      const answered = throughPrism.filter(
        (e) => e.check === check?.name && e.status === status && e.proxyRejected === undefined,
      );
      if (answered.length > 0) {
        own.set(
          status,
          (check?.notes ?? []).filter((n) => n.startsWith("the target's own answer")),
        );
      }
    }
    const failures = report.checks
      .filter((c) => c.outcome === 'fail')
      .map((c) => ({ name: c.name, reason: c.reason, violations: c.violations }));
    console.log(
      `Prism-judged run: ${throughPrism.length} exchanges through Prism (${report.totals.exchanges} in all), ` +
        `${report.totals.violations} violations, ${report.totals.proxyRejected} on-purpose bad inputs refused by Prism, ` +
        `${report.totals.skipped} checks skipped; the mock's own ${[...own.keys()].join('/')} went through Prism`,
    );
    expect(failures).toEqual([]);
    expect(report.totals.violations).toBe(0);
    // Only the scenario Prism cannot forward (a body that does not parse) is left out.
    expect(report.checks.filter((c) => c.outcome === 'skip').map((c) => c.name)).toEqual([
      '400 a body that is not JSON',
    ]);
    // Every spec'd exchange went through Prism, so Prism saw both models, v1 and v2, every state
    // and every error code the mock answers. (The mock's 400s, its 401 for a missing key and its
    // unknown-model 404 never reach it through Prism, which refuses that input itself; the suite
    // judges those answers on the direct path, in mock.test.ts.)
    expect(throughPrism.length).toBeGreaterThan(100);
    const statuses = new Set(
      throughPrism.filter((e) => e.proxyRejected === undefined).map((e) => e.status),
    );
    for (const status of [200, 202, 401, 403, 404, 406, 422, 429, 500, 502, 504]) {
      expect(statuses).toContain(status);
    }
    // The mock's real answers to keys in each state, not injected faults, went through Prism.
    expect(own.get(401)).toEqual([
      `the target's own answer to --invalid-key: 401 "Invalid API key"`,
    ]);
    expect(own.get(403)?.[0]).toMatch(
      /^the target's own answer to --forbidden-key: 403 "Forbidden/,
    );
    expect(own.get(406)).toEqual([
      `the target's own answer to --broke-key: 406 "Insufficient credits: bria-erase-foreground costs 3, 0 left"`,
    ]);
    // The limit was reached on the call after the hundredth, with a Retry-After the mock honours
    // and the rate-limit headers third-party code reads (Prism let them through: documented).
    expect(own.get(429)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^the target's own answer to --rate-limited-key: 429 "Rate limit exceeded, retry in 60 s" on call ${RATE_LIMIT + 1}; Retry-After: 60; x-rate-limit-remaining: 0; x-rate-limit-reset-at-utc: 2025-01-01T00:01:00Z$`,
        ),
      ),
    ]);
    const rateLimited = checkNamed('429 rate limited');
    expect(throughPrism.filter((e) => e.check === rateLimited?.name).map((e) => e.status)).toEqual([
      ...Array(RATE_LIMIT).fill(404),
      429,
      404,
    ]);
    // v1 successes through Prism carry the real balance after their charge.
    expect(checkNamed('v1 background-eraser: image bytes')?.notes).toContain(
      `x-remaining-credits: ${CREDITS - COSTS['background-eraser']}`,
    );
    expect(checkNamed('v1 bria-erase-foreground: image bytes')?.notes).toContain(
      `x-remaining-credits: ${CREDITS - COSTS['bria-erase-foreground']}`,
    );
    // No check of this run fell back to an injected 403/406/429.
    expect(report.checks.flatMap((c) => c.notes).filter((n) => n.startsWith('injected'))).toEqual(
      [],
    );
    // Prism refused only requests the suite sent as bad input on purpose.
    for (const exchange of report.exchanges.filter((e) => e.proxyRejected !== undefined)) {
      expect(exchange.badInput).toBe(true);
    }
  });
});

// The same harness must be able to fail: behind Prism, a target that answers a wrong type is
// refused by Prism (problem+json 500 with the response violation), and the suite reports it.
describe('a broken target, judged by Prism', () => {
  it("reports Prism's response violation as a proxy-violation", async () => {
    const target = createReferenceTarget({ breakage: 'wrong-type' });
    const served = await serveHandler((request) => target.handle(request));
    const prism = await startPrism(['proxy', SPEC_PATH, served.url, '--errors']);
    try {
      const report = await runContractSuite({
        baseUrl: prism.url,
        control: served.url,
        behindPrism: true,
        upstreamOrigin: served.url,
        only: /^v2 background-eraser: submit/,
      });
      expect(report.ok).toBe(false);
      const found = report.checks.flatMap((c) => c.violations);
      expect(found.map((v) => v.kind)).toContain('proxy-violation');
      expect(found.find((v) => v.kind === 'proxy-violation')?.message).toMatch(
        /response\.body\.metrics\.inference_time.*must be number/,
      );
    } finally {
      await prism.stop();
      await served.close();
    }
  });
});
