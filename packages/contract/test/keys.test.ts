import { createSegmindMock } from '@segmind-ts/mock';
import { describe, expect, it } from 'vitest';
import { type ContractReport, handlerFetch, mockControl, runContractSuite } from '../src/index.js';

const BASE_URL = 'http://segmind.mock';

function violations(report: ContractReport) {
  return report.checks.flatMap((c) => c.violations.map((v) => ({ check: c.name, ...v })));
}

// The keyed checks use the target's own 401/403/406/429 when given keys in those states; they
// must pass against a target that behaves, and fail against one that does not.
describe('checks driven by keys in known states', () => {
  it("passes on the mock's own answers, with nothing injected", async () => {
    const mock = createSegmindMock({
      clock: 'virtual',
      apiKeys: {
        main: {},
        broke: { credits: 0 },
        banned: { forbidden: true },
        throttled: {},
      },
      rateLimit: 'free',
    });
    const report = await runContractSuite({
      baseUrl: BASE_URL,
      fetch: handlerFetch((request) => mock.handle(request)),
      control: mockControl(mock),
      apiKey: 'main',
      keys: { invalid: 'nobody', forbidden: 'banned', broke: 'broke', rateLimited: 'throttled' },
      rateLimit: 5,
      only: /^(401|403|406|429) /,
    });
    expect(violations(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.notes.at(-1))).toEqual([
      `the target's own answer to --invalid-key: 401 "Invalid API key"`,
      `the target's own answer to --forbidden-key: 403 "Forbidden: this API key may not use this API"`,
      `the target's own answer to --broke-key: 406 "Insufficient credits: bria-erase-foreground costs 3, 0 left"`,
      `the target's own answer to --rate-limited-key: 429 "Rate limit exceeded, retry in 60 s" on call 6; Retry-After: 60; x-rate-limit-remaining: 0; x-rate-limit-reset-at-utc: 2025-01-01T00:01:00Z`,
    ]);
  });

  it('fails when the forbidden key is served', async () => {
    const mock = createSegmindMock({ clock: 'virtual' }); // accepts any key
    const report = await runContractSuite({
      baseUrl: BASE_URL,
      fetch: handlerFetch((request) => mock.handle(request)),
      keys: { forbidden: 'not-really-forbidden' },
      only: /^403 /,
    });
    expect(report.ok).toBe(false);
    expect(violations(report)).toEqual([
      expect.objectContaining({ kind: 'unexpected-status', message: 'expected 403, got 200' }),
    ]);
  });

  it('fails when the rate limit is never reached', async () => {
    const mock = createSegmindMock({ clock: 'virtual' }); // no rate limit
    const report = await runContractSuite({
      baseUrl: BASE_URL,
      fetch: handlerFetch((request) => mock.handle(request)),
      keys: { rateLimited: 'k' },
      rateLimit: 3,
      only: /^429 /,
    });
    expect(report.ok).toBe(false);
    expect(report.totals.exchanges).toBe(4);
    expect(violations(report)).toEqual([
      expect.objectContaining({
        kind: 'unexpected-status',
        message: expect.stringMatching(/^4 calls in a row with --rate-limited-key were all served/),
      }),
    ]);
  });

  it('fails when the key is still limited after its Retry-After', async () => {
    const mock = createSegmindMock({ clock: 'virtual' });
    // Two 429s in a row, the first saying to wait 0 s: without control nothing resets them.
    mock.fault({
      method: 'GET',
      path: '/v2/requests/*/status',
      status: 429,
      times: 2,
      retryAfter: 0,
    });
    const report = await runContractSuite({
      baseUrl: BASE_URL,
      fetch: handlerFetch((request) => mock.handle(request)),
      keys: { rateLimited: 'k' },
      only: /^429 /,
    });
    expect(report.ok).toBe(false);
    expect(violations(report)).toEqual([
      expect.objectContaining({
        kind: 'unexpected-status',
        message: 'still 429 after waiting the Retry-After of 0 s',
      }),
    ]);
  });

  it('rejects a rate limit that is not a positive integer', async () => {
    await expect(runContractSuite({ baseUrl: BASE_URL, rateLimit: 0, checks: [] })).rejects.toThrow(
      /rateLimit must be an integer > 0/,
    );
  });
});
