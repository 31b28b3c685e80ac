// Every string the spec accepts is bounded, and the bound is checked before any costly check:
// an image URL of 8 MiB once overflowed the stack of the `uri` format check and answered 500.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSegmindMock } from '../src/index.js';
import { type MockServer, startMockServer } from '../src/server/index.js';

const HUGE_URL = `https://example.com/${'a'.repeat(8 * 1024 * 1024)}`;
const ENDPOINTS = [
  ['v1', 'background-eraser', { image: HUGE_URL, return_mask: false }],
  ['v2', 'background-eraser', { image: HUGE_URL, return_mask: false }],
  ['v1', 'bria-erase-foreground', { image: HUGE_URL }],
  ['v2', 'bria-erase-foreground', { image: HUGE_URL }],
] as const;

async function expectRefused(response: Response) {
  expect(response.status).toBe(400);
  const body = (await response.json()) as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error).toMatch(/^image: /);
}

const init = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'x-api-key': 'k', 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('an 8 MiB image URL', () => {
  it.each(ENDPOINTS)(
    'is refused with 400 by %s/%s through handle()',
    async (version, model, body) => {
      const mock = createSegmindMock();
      await expectRefused(
        await mock.handle(new Request(`https://api.segmind.com/${version}/${model}`, init(body))),
      );
    },
  );

  describe('through MSW', () => {
    const mock = createSegmindMock();
    const msw = setupServer(...mock.handlers);
    beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
    afterAll(() => msw.close());

    it.each(ENDPOINTS)('is refused with 400 by %s/%s', async (version, model, body) => {
      await expectRefused(await fetch(`https://api.segmind.com/${version}/${model}`, init(body)));
    });
  });

  describe('over HTTP', () => {
    let server: MockServer;
    beforeAll(async () => {
      server = await startMockServer({ port: 0, clock: 'virtual', logLevel: 'silent' });
    });
    afterAll(() => server.close());

    it.each(ENDPOINTS)('is refused with 400 by %s/%s', async (version, model, body) => {
      await expectRefused(await fetch(`${server.url}/${version}/${model}`, init(body)));
      const health = await fetch(`${server.url}/__mock/health`);
      expect(health.status).toBe(200);
    });
  });

  it('is refused at the length bound, a URL one character shorter is accepted', async () => {
    const mock = createSegmindMock();
    const at = (length: number) => `https://example.com/${'a'.repeat(length - 20)}`;
    const send = (image: string) =>
      mock.handle(new Request('https://api.segmind.com/v2/bria-erase-foreground', init({ image })));
    expect((await send(at(8192))).status).toBe(200);
    await expectRefused(await send(at(8193)));
  });
});

describe('a validator that throws', () => {
  it('answers 400, never 500: the input caused it', async () => {
    const mock = createSegmindMock();
    // A getter that throws stands for any input a check cannot handle (the JSON bodies of HTTP
    // have no getters; this reaches the validator the way an unforeseen input would).
    const original = JSON.parse;
    JSON.parse = ((text: string) => {
      const value = original(text) as Record<string, unknown>;
      Object.defineProperty(value, 'image', {
        enumerable: true,
        get() {
          throw new RangeError('Maximum call stack size exceeded');
        },
      });
      return value;
    }) as typeof JSON.parse;
    let response: Response;
    try {
      response = await mock.handle(
        new Request('https://api.segmind.com/v2/bria-erase-foreground', init({ image: 'x' })),
      );
    } finally {
      JSON.parse = original;
    }
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'body: could not be checked (too large or too deeply nested)',
    });
  });
});
