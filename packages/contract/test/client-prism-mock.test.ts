import {
  createTransport,
  InferenceFailed,
  InsufficientCreditsError,
  NotFoundError,
  RateLimitError,
  Segmind,
} from '@segmind-ts/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPrism, SPEC_PATH, startPrism } from './helpers/prism.js';

// The client against answers this project did not write: `prism mock` serves the spec's own
// examples (static) or data generated from its schemas (`-d`). Prism picks the first 2xx of an
// operation and, statically, its first example; a `Prefer: code=N` or `Prefer: example=NAME`
// header picks another.

const INPUT = { image: 'https://example.com/cat.png', return_mask: false } as const;

/**
 * A fetch that keeps every request on loopback: the spec's examples carry absolute URLs on
 * api.segmind.com, which are sent to Prism instead. `prefer` adds a `Prefer` header to the
 * requests it matches, to pick Prism's answer.
 */
function loopbackFetch(
  prism: RunningPrism,
  prefer: (url: URL) => string | undefined = () => undefined,
): typeof globalThis.fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const target = new URL(`${url.pathname}${url.search}`, prism.url);
    const headers = new Headers(request.headers);
    const preference = prefer(url);
    if (preference) headers.set('prefer', preference);
    const body = request.method === 'GET' ? undefined : await request.arrayBuffer();
    return fetch(target, { method: request.method, headers, body });
  };
}

describe('@segmind-ts/client against prism mock (static examples)', () => {
  let prism: RunningPrism;
  beforeAll(async () => {
    prism = await startPrism(['mock', SPEC_PATH]);
  });
  afterAll(() => prism?.stop());

  it('submits and reads the first example of the first 2xx', async () => {
    const segmind = new Segmind({ apiKey: 'k', baseUrl: prism.url, fetch: loopbackFetch(prism) });
    const job = await segmind.submitAsync('background-eraser', INPUT);
    expect(job.requestId).toBe('7f3c9a2e-4b1d-4e8a-9c5f-2d6b8e1a0c47');
    // The example's status_url is on api.segmind.com, not the client's origin: the client never
    // sends its key there and builds the URL on its baseUrl instead.
    expect(job.statusUrl).toBe(
      `${prism.url}/v2/requests/7f3c9a2e-4b1d-4e8a-9c5f-2d6b8e1a0c47/status`,
    );
    const status = await job.status();
    expect(status.status).toBe('QUEUED'); // the first example of the status 200
  });

  it('runs to the result when the status answers its "completed" example', async () => {
    const segmind = new Segmind({
      apiKey: 'k',
      baseUrl: prism.url,
      fetch: loopbackFetch(prism, (url) =>
        url.pathname.endsWith('/status') ? 'example=completed' : undefined,
      ),
    });
    const result = await segmind.run('bria-erase-foreground', { image: INPUT.image });
    expect(result.status).toBe('COMPLETED');
    expect(result.output).toMatch(/^https:\/\/.+\.png$/);
    expect(result.metrics.inference_time).toBe(11.97);
  });

  it('raises InferenceFailed on the 422 FAILED example, with its detail', async () => {
    const segmind = new Segmind({
      apiKey: 'k',
      baseUrl: prism.url,
      fetch: loopbackFetch(prism, (url) =>
        url.pathname.endsWith('/status') ? 'code=422' : undefined,
      ),
    });
    const failure = await segmind
      .run('bria-erase-foreground', { image: INPUT.image })
      .catch((e) => e);
    expect(failure).toBeInstanceOf(InferenceFailed);
    expect((failure as InferenceFailed).detail).toBe(
      'Output image flagged by visual content moderation',
    );
  });

  it.each([
    [404, NotFoundError],
    [406, InsufficientCreditsError],
    [429, RateLimitError],
  ])('maps a %i example to its error class', async (code, ErrorClass) => {
    const segmind = new Segmind({
      apiKey: 'k',
      baseUrl: prism.url,
      maxRetries: 0,
      fetch: loopbackFetch(prism, () => `code=${code}`),
    });
    const failure = await segmind.submitAsync('background-eraser', INPUT).catch((e) => e);
    expect(failure).toBeInstanceOf(ErrorClass);
    expect(failure.status).toBe(code);
  });

  it('reads a v1 answer as image bytes with the credits header', async () => {
    const segmind = new Segmind({ apiKey: 'k', baseUrl: prism.url, fetch: loopbackFetch(prism) });
    const output = await segmind.runSync('background-eraser', INPUT);
    if (!('contentType' in output)) throw new Error('expected image bytes, got JSON');
    expect(output.contentType).toMatch(/^image\/png/);
    expect(output.image.byteLength).toBeGreaterThan(0);
    expect(output.remainingCredits).toBe(142.5); // the header's example
  });
});

describe('@segmind-ts/client against prism mock -d (answers generated from the schemas)', () => {
  let prism: RunningPrism;
  beforeAll(async () => {
    prism = await startPrism(['mock', SPEC_PATH, '-d']);
  });
  afterAll(() => prism?.stop());

  it('types and reads generated submit, status and result bodies', async () => {
    const transport = createTransport({ apiKey: 'k', baseUrl: prism.url });
    const segmind = new Segmind({ apiKey: 'k', baseUrl: prism.url, fetch: loopbackFetch(prism) });
    // Generated data differs on every call: several rounds cover more of the schemas' space.
    for (let round = 0; round < 10; round += 1) {
      const { data: submitted, response } = await transport.POST('/v2/background-eraser', {
        body: INPUT,
      });
      expect(response.status).toBe(200);
      expect(submitted?.status).toBe('QUEUED');
      expect(submitted?.status_url).toMatch(/^https?:\/\//);
      expect(typeof submitted?.request_id).toBe('string');

      // A handle rebuilt from the id polls URLs built from baseUrl, so it stays on Prism.
      const job = segmind.job(submitted?.request_id ?? 'x');
      const status = await job.status();
      expect(['QUEUED', 'PROCESSING', 'COMPLETED']).toContain(status.status);

      const { data: result } = await transport.GET('/v2/requests/{request_id}', {
        params: { path: { request_id: submitted?.request_id ?? 'x' } },
      });
      // Prism answers the first 2xx, 200: the completed body, never the 202 pending one.
      if (result?.status !== 'COMPLETED')
        throw new Error(`expected COMPLETED, got ${result?.status}`);
      expect(typeof result.output).toBe('string');
      expect(typeof result.metrics.inference_time).toBe('number');
    }
  });

  it('reads a generated error body', async () => {
    const segmind = new Segmind({
      apiKey: 'k',
      baseUrl: prism.url,
      maxRetries: 0,
      fetch: loopbackFetch(prism, () => 'code=404'),
    });
    const failure = await segmind
      .job('abc')
      .status()
      .catch((e) => e);
    expect(failure).toBeInstanceOf(NotFoundError);
    expect(typeof failure.message).toBe('string');
  });
});
