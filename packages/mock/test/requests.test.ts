import { describe, expect, it } from 'vitest';
import { createSegmindMockCore } from '../src/core.js';
import { BRIA_INPUT, ERASER_INPUT, get, ORIGIN, post } from './support.js';

async function errorOf(response: Response) {
  return { status: response.status, body: await response.json() };
}

describe('validation against the spec', () => {
  const mock = createSegmindMockCore();
  const cases: [string, string, unknown, string][] = [
    [
      'a value over its maximum',
      'background-eraser',
      { ...ERASER_INPUT, grow_mask: 51 },
      'grow_mask: must be <= 50',
    ],
    [
      'a value under its minimum',
      'background-eraser',
      { ...ERASER_INPUT, grow_mask: -1 },
      'grow_mask: must be >= 0',
    ],
    [
      'a wrong type',
      'background-eraser',
      { ...ERASER_INPUT, grow_mask: 1.5 },
      'grow_mask: must be integer',
    ],
    [
      'a missing field',
      'background-eraser',
      { image: ERASER_INPUT.image },
      'return_mask: is required',
    ],
    [
      'an unknown field',
      'background-eraser',
      { ...ERASER_INPUT, strength: 1 },
      'strength: is not a parameter of this model',
    ],
    [
      'a bad format',
      'background-eraser',
      { ...ERASER_INPUT, image: 'not a url' },
      'image: must match pattern "^https?://"',
    ],
    [
      'neither form of a oneOf',
      'bria-erase-foreground',
      { image: 'ftp://x y' },
      'image: must be exactly one of: Image URL, Base64 image',
    ],
    [
      'a boolean as a string',
      'bria-erase-foreground',
      { ...BRIA_INPUT, preserve_alpha: 'yes' },
      'preserve_alpha: must be boolean',
    ],
    ['an array body', 'bria-erase-foreground', [BRIA_INPUT], 'body: must be object'],
    ['a null body', 'bria-erase-foreground', null, 'body: must be object'],
  ];
  for (const [name, model, body, error] of cases) {
    it(`answers 400 naming the field and the rule for ${name}`, async () => {
      for (const version of ['v1', 'v2']) {
        expect(await errorOf(await mock.handle(post(`/${version}/${model}`, body)))).toEqual({
          status: 400,
          body: { error },
        });
      }
    });
  }

  it('accepts both forms of the bria image: URL and base64 (bare or data URI)', async () => {
    for (const image of [
      'https://example.com/a.jpg',
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQABpfZFQAAAAABJRU5ErkJggg==',
      'data:image/png;base64,iVBORw0KGgo=',
    ]) {
      expect((await mock.handle(post('/v2/bria-erase-foreground', { image }))).status).toBe(200);
    }
  });

  it('refuses a prototype-pollution key as an unknown parameter, and pollutes nothing', async () => {
    const response = await mock.handle(
      post(
        '/v2/background-eraser',
        '{"image":"https://x.io/a.png","return_mask":true,"__proto__":{"polluted":1}}',
      ),
    );
    expect(await errorOf(response)).toEqual({
      status: 400,
      body: { error: '__proto__: is not a parameter of this model' },
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('malformed requests', () => {
  const mock = createSegmindMockCore({ maxBodyBytes: 1000 });

  it('answers 400 for malformed JSON, an empty body, or invalid UTF-8', async () => {
    expect(await errorOf(await mock.handle(post('/v2/background-eraser', '{"image": ')))).toEqual({
      status: 400,
      body: { error: expect.stringMatching(/^Malformed JSON body: /) },
    });
    expect((await errorOf(await mock.handle(post('/v2/background-eraser', '')))).body).toEqual({
      error: 'body: is required (a JSON object)',
    });
    const invalid = new Request(`${ORIGIN}/v2/background-eraser`, {
      method: 'POST',
      headers: { 'x-api-key': 'k' },
      body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    });
    expect(await errorOf(await mock.handle(invalid))).toEqual({
      status: 400,
      body: { error: 'Request body is not valid UTF-8' },
    });
  });

  it('answers 413 for a body over maxBodyBytes, declared or streamed', async () => {
    const big = JSON.stringify({ ...BRIA_INPUT, image: `https://x.io/${'a'.repeat(2000)}` });
    expect(await errorOf(await mock.handle(post('/v2/bria-erase-foreground', big)))).toEqual({
      status: 413,
      body: { error: 'Request body larger than 1000 bytes' },
    });
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new Uint8Array(400).fill(0x20));
        controller.close();
      },
    });
    const streamed = new Request(`${ORIGIN}/v2/bria-erase-foreground`, {
      method: 'POST',
      headers: { 'x-api-key': 'k' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect((await mock.handle(streamed)).status).toBe(413);
  });

  it('reads JSON whatever the content type says', async () => {
    const response = await mock.handle(
      post('/v2/bria-erase-foreground', BRIA_INPUT, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect(response.status).toBe(200);
  });
});

describe('routing', () => {
  const mock = createSegmindMockCore();

  it('answers 404 for an unknown model on v1 and v2', async () => {
    for (const path of ['/v1/background-erase', '/v2/stable-diffusion']) {
      expect(await errorOf(await mock.handle(post(path, {})))).toEqual({
        status: 404,
        body: { error: `Model not found: ${path.split('/')[2]}` },
      });
    }
  });

  it('answers 404 for an unknown route', async () => {
    for (const path of [
      '/',
      '/v3/background-eraser',
      '/v2/requests',
      '/v2/requests/a/b/c',
      '/favicon.ico',
    ]) {
      const response = await mock.handle(get(path));
      expect(response.status).toBe(404);
      expect(typeof ((await response.json()) as { error: unknown }).error).toBe('string');
    }
  });

  it('answers 405 with Allow for a wrong method on a known path', async () => {
    const cases: [string, string, string][] = [
      ['GET', '/v1/background-eraser', 'POST'],
      ['PUT', '/v2/bria-erase-foreground', 'POST'],
      ['POST', '/v2/requests/abc/status', 'GET'],
      ['DELETE', '/v2/requests/abc', 'GET'],
    ];
    for (const [method, path, allow] of cases) {
      const response = await mock.handle(
        new Request(`${ORIGIN}${path}`, { method, headers: { 'x-api-key': 'k' } }),
      );
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe(allow);
      expect(((await response.json()) as { error: string }).error).toBe(
        `Method ${method} not allowed; use ${allow}`,
      );
    }
  });

  it('tolerates a trailing slash', async () => {
    expect((await mock.handle(post('/v2/bria-erase-foreground/', BRIA_INPUT))).status).toBe(200);
  });
});

describe('origins', () => {
  it('builds absolute URLs on the origin the request came to', async () => {
    const mock = createSegmindMockCore();
    const response = await mock.handle(
      new Request('http://127.0.0.1:4010/v2/bria-erase-foreground', {
        method: 'POST',
        headers: { 'x-api-key': 'k' },
        body: JSON.stringify(BRIA_INPUT),
      }),
    );
    const body = (await response.json()) as {
      request_id: string;
      status_url: string;
      response_url: string;
    };
    expect(body.status_url).toBe(`http://127.0.0.1:4010/v2/requests/${body.request_id}/status`);
    expect(body.response_url).toBe(`http://127.0.0.1:4010/v2/requests/${body.request_id}`);
  });

  it('uses baseUrl for them when given', async () => {
    const mock = createSegmindMockCore({ baseUrl: 'https://mock.example.com/ignored/path' });
    const body = (await (
      await mock.handle(post('/v2/bria-erase-foreground', BRIA_INPUT))
    ).json()) as {
      status_url: string;
    };
    expect(body.status_url).toMatch(/^https:\/\/mock\.example\.com\/v2\/requests\/[^/]+\/status$/);
    expect(() => createSegmindMockCore({ baseUrl: 'not a url' })).toThrow(/baseUrl/);
  });
});
