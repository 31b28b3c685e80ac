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
describe('the mock, judged by Prism (prism proxy --errors)', () => {
  let mock: MockServer;
  let prism: RunningPrism;

  beforeAll(async () => {
    mock = await startMockServer({ port: 0, clock: 'virtual', logLevel: 'silent' });
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
    });
    const throughPrism = report.exchanges.filter((e) => e.url.startsWith(prism.url));
    const failures = report.checks
      .filter((c) => c.outcome === 'fail')
      .map((c) => ({ name: c.name, reason: c.reason, violations: c.violations }));
    console.log(
      `Prism-judged run: ${throughPrism.length} exchanges through Prism (${report.totals.exchanges} in all), ` +
        `${report.totals.violations} violations, ${report.totals.proxyRejected} on-purpose bad inputs refused by Prism, ` +
        `${report.totals.skipped} checks skipped`,
    );
    expect(failures).toEqual([]);
    expect(report.totals.violations).toBe(0);
    // Only the scenario Prism cannot forward (a body that does not parse) is left out.
    expect(report.checks.filter((c) => c.outcome === 'skip').map((c) => c.name)).toEqual([
      '400 a body that is not JSON',
    ]);
    // Every spec'd exchange went through Prism, so Prism saw both models, v1 and v2, every state
    // and every error code the mock answers to a valid request. (The mock's 400s, its 401 for a
    // missing key and its unknown-model 404 never reach it through Prism, which refuses that
    // input itself; the
    // suite judges those answers on the direct path, in mock.test.ts.)
    expect(throughPrism.length).toBeGreaterThan(100);
    const statuses = new Set(
      throughPrism.filter((e) => e.proxyRejected === undefined).map((e) => e.status),
    );
    for (const status of [200, 202, 403, 404, 406, 422, 429, 500, 502, 504]) {
      expect(statuses).toContain(status);
    }
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
