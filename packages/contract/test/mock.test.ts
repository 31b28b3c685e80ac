import { createSegmindMock } from '@segmind-ts/mock';
import { startMockServer } from '@segmind-ts/mock/server';
import { PRODUCTION_ORIGIN } from '@segmind-ts/spec';
import { setupServer } from 'msw/node';
import { afterAll, describe, expect, it } from 'vitest';
import { type ContractReport, handlerFetch, mockControl, runContractSuite } from '../src/index.js';

/** Failing checks with their violations, so a failure message says what broke. */
function failures(report: ContractReport) {
  return report.checks
    .filter((check) => check.outcome === 'fail')
    .map((check) => ({ name: check.name, reason: check.reason, violations: check.violations }));
}

describe('the contract suite against @segmind-ts/mock', () => {
  it('passes in-process, with handle() as the fetch and the simulator as control', async () => {
    const mock = createSegmindMock({ clock: 'virtual' });
    const report = await runContractSuite({
      baseUrl: 'http://segmind.mock',
      fetch: handlerFetch((request) => mock.handle(request)),
      control: mockControl(mock),
    });
    expect(failures(report)).toEqual([]);
    expect(report.totals.skipped).toBe(0);
    expect(report.ok).toBe(true);
  });

  it('passes under MSW (setupServer + global fetch), driven through /__mock/ in-process', async () => {
    const mock = createSegmindMock({ clock: 'virtual' });
    const server = setupServer(...mock.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    try {
      const report = await runContractSuite({
        baseUrl: PRODUCTION_ORIGIN,
        fetch: globalThis.fetch,
        control: `${PRODUCTION_ORIGIN}/__mock`,
      });
      expect(failures(report)).toEqual([]);
      expect(report.ok).toBe(true);
    } finally {
      server.close();
    }
  });

  describe('over HTTP (segmind-mock server)', async () => {
    const server = await startMockServer({ port: 0, clock: 'virtual', logLevel: 'silent' });
    afterAll(() => server.close());

    it('passes with --control-url', async () => {
      const report = await runContractSuite({ baseUrl: server.url, control: server.url });
      expect(failures(report)).toEqual([]);
      expect(report.totals.skipped).toBe(0);
      // every state of a job was observed through the virtual clock
      const bria = report.checks.find((c) => c.name.startsWith('v2 bria-erase-foreground: submit'));
      expect(bria?.notes).toContain('states seen: QUEUED → PROCESSING → COMPLETED');
    });

    it('without control, skips what needs it, each with a reason', async () => {
      const report = await runContractSuite({
        baseUrl: server.url,
        // the lifecycle checks wait in real time without control: covered by the CLI run
        only: /^(400|401|404|403|406|429|50\d|v2 bria-erase-foreground: gone|credit balance|v2 bria-erase-foreground: FAILED)/,
      });
      expect(failures(report)).toEqual([]);
      const skipped = report.checks.filter((c) => c.outcome === 'skip');
      expect(skipped.map((c) => c.name).sort()).toEqual(
        [
          '403 forbidden key (POST /v2/background-eraser)',
          '406 insufficient credits (POST /v1/bria-erase-foreground)',
          '429 rate limited (GET /v2/requests/*/status)',
          '500 server error (POST /v2/bria-erase-foreground, injected)',
          '502 bad gateway (GET /v2/requests/*, injected)',
          '504 gateway timeout (POST /v1/background-eraser, injected)',
          'v2 bria-erase-foreground: gone 1 h after submission',
          'v2 bria-erase-foreground: FAILED served as 422 with its body',
        ].sort(),
      );
      for (const check of skipped) {
        expect(check.reason).toMatch(
          /^needs (--(forbidden|broke|rate-limited)-key or )?--control-url: /,
        );
      }
    });
  });
});
