// Fuzzing from the spec: requests generated from the bundled spec's schemas and from
// control-api.yaml, valid and invalid, against the in-process handler and the HTTP server, and
// malformed HTTP against the server. Seeded and reproducible: the seed is printed, FUZZ_SEED
// sets it, and fast-check prints the seed and path of any failure.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSegmindMockCore } from '../src/core.js';
import { type MockServer, startMockServer } from '../src/server/index.js';
import { CORPUS, garbage, rawExchange, rawProblems } from './fuzz/malformed.js';
import { fuzzRequest } from './fuzz/requests.js';
import { handlerTarget, httpTarget, runSequence, tally } from './fuzz/runner.js';

const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const started = performance.now();
const rssBefore = process.memoryUsage().rss;
console.log(`fuzz: seed ${seed} (FUZZ_SEED=${seed} replays this run)`);

/**
 * Requests per property run: a short session, state carried from one request to the next. At
 * least 20 each, so that the 380 + 120 sessions and the malformed corpus make 10,000 requests
 * or more, whatever the seed.
 */
const session = fc.array(fuzzRequest, { minLength: 20, maxLength: 30 });
/** What the mocks are set up with: a rate limit and credits that a session can run into. */
const MOCK_OPTIONS = { clock: 'virtual', rateLimit: 25, credits: 400, seed: 7 } as const;

async function assertSessions(target: Parameters<typeof runSequence>[0], numRuns: number) {
  await fc.assert(
    fc.asyncProperty(session, async (requests) => {
      const problems = await runSequence(target, requests);
      expect(problems).toEqual([]);
    }),
    { seed, numRuns },
  );
}

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ port: 0, logLevel: 'silent', ...MOCK_OPTIONS });
});
afterAll(async () => {
  await server.close();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`fuzz: ${tally.requests} requests, seed ${seed}, ${seconds} s`);
});

// Seconds of work on a loaded CI machine (nothing here waits on wall time): a generous timeout.
describe('fuzzing from the spec', { timeout: 180_000 }, () => {
  it('holds in-process (mock.handle)', async () => {
    const mock = createSegmindMockCore(MOCK_OPTIONS);
    await assertSessions(handlerTarget(mock, 'https://api.segmind.com'), 380);
  });

  it('holds over HTTP', async () => {
    await assertSessions(httpTarget(server.mock, server.url), 120);
  });

  it('holds against malformed HTTP', async () => {
    for (const bytes of CORPUS) {
      tally.requests++;
      expect(
        rawProblems(await rawExchange(server.port, bytes)),
        JSON.stringify(bytes.slice(0, 80)),
      ).toEqual([]);
    }
    await fc.assert(
      fc.asyncProperty(garbage, async (bytes) => {
        tally.requests++;
        expect(rawProblems(await rawExchange(server.port, bytes))).toEqual([]);
      }),
      { seed, numRuns: 400 },
    );
  });

  it('leaves the server healthy, the count reached, and the memory bounded', async () => {
    const health = await fetch(`${server.url}/__mock/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    expect(tally.requests).toBeGreaterThanOrEqual(10_000);
    // The mocks are reset per session and their journals bounded (8 MiB each); what remains is
    // the test's own modules, Ajv's compiled validators and V8's heap slack. A retained parsed
    // body per request (the defect this guards) would add hundreds of megabytes.
    const grownMiB = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    console.log(`fuzz: RSS grew ${grownMiB.toFixed(0)} MiB during the run`);
    expect(grownMiB).toBeLessThan(300);
  });
});
