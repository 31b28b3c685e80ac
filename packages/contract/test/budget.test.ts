import { PRODUCTION_ORIGIN } from '@segmind-ts/spec';
import { describe, expect, it } from 'vitest';
import { handlerFetch, httpControl, runContractSuite } from '../src/index.js';
import { createReferenceTarget } from './helpers/reference-target.js';

// The real API cannot be reached here; the reference target stands in for it, in-process, under
// the real API's own origin, so the suite takes it for a remote service.
describe('credit budget', () => {
  it('refuses to spend credits on a remote target unless given a budget', async () => {
    const target = createReferenceTarget();
    const report = await runContractSuite({
      baseUrl: PRODUCTION_ORIGIN,
      fetch: handlerFetch((request) => target.handle(request)),
      apiKey: 'sk-user',
    });
    const spending = report.checks.filter((c) => /^v[12] /.test(c.name));
    expect(spending.length).toBeGreaterThan(0);
    for (const check of spending) {
      expect(check.outcome).toBe('skip');
      expect(check.reason).toMatch(/needs --control-url|budget has 0 left/);
    }
    // nothing was submitted: no POST that could have been charged
    const charged = report.exchanges.filter((e) => e.method === 'POST' && e.status === 200);
    expect(charged).toEqual([]);
    // the safe checks still ran, and passed
    expect(report.checks.find((c) => c.name.startsWith('404 unknown request id'))?.outcome).toBe(
      'pass',
    );
    expect(report.ok).toBe(true);
  });

  it('never makes more credit-spending calls than the budget allows', async () => {
    const target = createReferenceTarget({ realTimeSpeed: 20 });
    const report = await runContractSuite({
      baseUrl: PRODUCTION_ORIGIN,
      fetch: handlerFetch((request) => target.handle(request)),
      budgetCredits: 2,
      maxWaitMs: 5_000,
    });
    const charged = report.exchanges.filter(
      (e) => e.method === 'POST' && /\/v[12]\/[a-z-]+$/.test(e.url) && e.status === 200,
    );
    expect(charged).toHaveLength(2);
    const ran = report.checks.filter((c) => c.outcome === 'pass' && /^v[12] /.test(c.name));
    expect(ran.map((c) => c.name)).toEqual([
      'v1 background-eraser: image bytes',
      'v1 bria-erase-foreground: image bytes',
    ]);
    expect(report.ok).toBe(true);
  });

  it('waits in real time without control, as a client would', async () => {
    const target = createReferenceTarget({ realTimeSpeed: 2 });
    const report = await runContractSuite({
      baseUrl: 'http://127.0.0.1:9',
      fetch: handlerFetch((request) => target.handle(request)),
      only: /^v2 background-eraser: submit/,
    });
    expect(report.checks[0]?.outcome).toBe('pass');
    // PROCESSING lasts 1.5 s of wall time here: polls see it, unless a loaded machine stalls
    // the suite for that long, which must not fail the test. The job is followed to the end.
    expect(report.checks[0]?.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^states seen: QUEUED → (PROCESSING → )?COMPLETED$/),
      ]),
    );
  });

  it('backs off on a 429 while polling, as a documented answer, and goes on', async () => {
    const target = createReferenceTarget();
    const served = handlerFetch((request) => target.handle(request));
    const control = httpControl('http://segmind.test/__mock', { fetch: served });
    let polls = 0;
    const report = await runContractSuite({
      baseUrl: 'http://segmind.test',
      fetch: async (input, init) => {
        const request = new Request(input, init);
        // Rate-limit the second status poll of the job, once.
        if (request.url.endsWith('/status') && ++polls === 2) {
          await control.fault({ method: 'GET', path: '/v2/requests/*/status', status: 429 });
        }
        return served(request);
      },
      control,
      only: /^v2 background-eraser: submit/,
    });
    expect(report.checks[0]?.outcome).toBe('pass');
    expect(report.checks[0]?.notes).toContain('rate limited while polling; waited 12000 ms');
  });
});
