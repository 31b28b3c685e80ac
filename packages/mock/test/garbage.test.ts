import { describe, expect, it } from 'vitest';
import { createRng } from '../src/core/rng.js';
import { createSegmindMockCore } from '../src/core.js';
import { ERASER_INPUT, ORIGIN } from './support.js';

const rng = createRng(2024);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rng.next() * items.length)] as T;

const PATHS = [
  '/v1/background-eraser',
  '/v2/background-eraser',
  '/v1/bria-erase-foreground',
  '/v2/bria-erase-foreground',
  '/v2/requests/%00',
  '/v2/requests/%E0%A4%A/status',
  '/v2/requests/../../etc/passwd',
  '/v2/requests/constructor',
  '/v2/requests/__proto__/status',
  '/outputs/__proto__.png',
  '/outputs/..png',
  '/v1/__proto__',
  '/v2/toString',
  '/v2/hasOwnProperty',
  `/v2/${'a'.repeat(5000)}`,
  '//v2//requests//x',
  '/__mock/jobs/__proto__',
  '/__mock/clock/advance',
  '/__mock/faults',
  '/__mock/outcomes',
  '/__mock/%ZZ',
];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];
const CONTENT_TYPES = [
  'application/json',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  'image/png',
  '',
];
const JSON_BODIES = [
  '{"__proto__": {"admin": true}}',
  '{"constructor": {"prototype": {"polluted": 1}}}',
  '{"image": "https://x.io/a.png", "return_mask": true, "grow_mask": 1e308}',
  '{"image": "https://x.io/a.png", "return_mask": true, "grow_mask": -1e-308}',
  '{"image": 12345678901234567890123456789}',
  '{"image": null}',
  '{"ms": 1e400}',
  '{"ms": -5}',
  '{"status": 999}',
  '{"status": 503, "probability": "yes"}',
  '{"path": "(((((", "status": 500}',
  '{"times": 1e9, "status": "FAILED"}',
  '[]',
  '"string"',
  '12',
  'null',
  'true',
  `[${'['.repeat(5000)}${']'.repeat(5000)}]`,
  `{"a":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`,
  '{"image": "\\ud800"}',
  JSON.stringify({ ...ERASER_INPUT, extra: 'x'.repeat(10_000) }),
];

function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = Math.floor(rng.next() * 256);
  return bytes;
}

function randomBody(): BodyInit | undefined {
  const kind = rng.next();
  if (kind < 0.15) return undefined;
  if (kind < 0.45) return randomBytes(Math.floor(rng.next() * 300));
  if (kind < 0.55) return new Uint8Array([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1]); // invalid UTF-8
  return pick(JSON_BODIES);
}

describe('bad input', () => {
  it('never answers 5xx nor throws out of handle(), whatever arrives (2,000 random requests)', async () => {
    const mock = createSegmindMockCore({ maxBodyBytes: 64 * 1024, rateLimit: 'pro', credits: 50 });
    const problems: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const method = pick(METHODS);
      const path = pick(PATHS);
      const headers: Record<string, string> = {};
      if (rng.next() < 0.8)
        headers['x-api-key'] = pick(['k', '', ' ', '\u00d0\u00ba\u00ff', 'a'.repeat(3000)]);
      const contentType = pick(CONTENT_TYPES);
      if (contentType) headers['content-type'] = contentType;
      const body = method === 'GET' || method === 'HEAD' ? undefined : randomBody();
      const request = new Request(`${ORIGIN}${path}`, { method, headers, body });
      let response: Response;
      try {
        response = await mock.handle(request);
      } catch (error) {
        problems.push(`${method} ${path} threw ${String(error)}`);
        continue;
      }
      if (response.status >= 500) {
        problems.push(`${method} ${path} → ${response.status} ${await response.text()}`);
      }
      if (rng.next() < 0.02) mock.clock.advance(rng.next() * 120_000);
    }
    expect(problems).toEqual([]);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers every garbage JSON body on every model endpoint with a 4xx and an error string', async () => {
    const mock = createSegmindMockCore();
    for (const path of PATHS.slice(0, 4)) {
      for (const body of JSON_BODIES) {
        const response = await mock.handle(
          new Request(`${ORIGIN}${path}`, { method: 'POST', headers: { 'x-api-key': 'k' }, body }),
        );
        if (response.status === 200) continue; // the few valid bodies
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(typeof ((await response.json()) as { error: unknown }).error).toBe('string');
      }
    }
  });

  it('keeps the journal readable after a body nested 30,000 levels deep', async () => {
    const mock = createSegmindMockCore();
    const deep = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
    const rejected = await mock.handle(
      new Request(`${ORIGIN}/v2/background-eraser`, {
        method: 'POST',
        headers: { 'x-api-key': 'k', 'content-type': 'application/json' },
        body: deep,
      }),
    );
    expect(rejected.status).toBe(400);
    const journal = await mock.handle(new Request(`${ORIGIN}/__mock/requests`));
    expect(journal.status).toBe(200);
    const { requests } = (await journal.json()) as { requests: Record<string, unknown>[] };
    expect(requests.at(-1)).not.toHaveProperty('requestBody');
    expect(requests.at(-1)?.requestExcerpt).toBe('['.repeat(1024));
  });

  it('survives a body stream that errors midway', async () => {
    const mock = createSegmindMockCore();
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('connection reset'));
      },
    });
    const response = await mock.handle(
      new Request(`${ORIGIN}/v2/background-eraser`, {
        method: 'POST',
        headers: { 'x-api-key': 'k' },
        body,
        duplex: 'half',
      } as RequestInit),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'Could not read the request body' });
  });
});
