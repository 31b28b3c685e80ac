// Garbage on the wire: nothing a client sends may crash the server, stall it, or earn a 5xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../src/server/index.js';
import { rawExchange, rawExchangeUntilClose, statusOf } from './server-support/raw-socket.js';

let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({
    port: 0,
    clock: 'virtual',
    maxBodyBytes: 64 * 1024,
    logLevel: 'silent',
  });
});
afterAll(() => server.close());

async function expectHealthy() {
  const res = await fetch(`${server.url}/__mock/health`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ok: true });
}

describe('malformed HTTP', () => {
  // The expected status, or 'closed' where the request has already reached the application when
  // the parser gives up: the connection is then closed at once, without an answer.
  const cases: [string, (string | Buffer)[], number | 'closed' | undefined][] = [
    ['a request line that is not HTTP', ['HELLO THERE\r\n\r\n'], 400],
    ['binary noise', [Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0d, 0x0a, 0x0d, 0x0a])], 400],
    [
      'a header without a colon',
      ['GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nnot a header\r\n\r\n'],
      400,
    ],
    [
      'a bad Content-Length',
      ['POST /v2/background-eraser HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n'],
      400,
    ],
    [
      'both Content-Length and chunked',
      [
        'POST /v2/background-eraser HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc',
      ],
      400,
    ],
    [
      'broken chunk framing',
      [
        'POST /v2/background-eraser HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nxx\r\n',
      ],
      400,
    ],
    [
      'headers over 16 KB',
      [`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`],
      431,
    ],
    ['a path with a NUL byte', ['GET /v2/\0 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'], 400],
    ['an unsupported HTTP version', ['GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n'], undefined],
  ];

  it.each(cases)(
    '%s gets a 4xx or a closed connection, never a 5xx',
    async (_name, chunks, expected) => {
      const { raw, closedByServer } = await rawExchangeUntilClose(server.port, chunks);
      const status = statusOf(raw);
      if (expected === 'closed') {
        expect(raw).toBe('');
        // Closed by the server itself, not left open until the exchange gave up waiting.
        expect(closedByServer).toBe(true);
      } else if (expected !== undefined) {
        expect(status).toBe(expected);
      }
      if (status !== undefined) {
        expect(status).toBeGreaterThanOrEqual(400);
        expect(status).toBeLessThan(500);
      }
      await expectHealthy();
    },
  );

  it('answers a parser refusal with a JSON error body', async () => {
    const raw = await rawExchange(server.port, ['HELLO THERE\r\n\r\n']);
    const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
    expect(JSON.parse(body)).toEqual({ error: expect.any(String) });
  });
});

describe('odd but well-formed requests', () => {
  const request = (method: string, path: string, headers = '', body = '') =>
    `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: k\r\nConnection: close\r\n${headers}` +
    `Content-Length: ${Buffer.byteLength(body, 'latin1')}\r\n\r\n${body}`;

  const cases: [string, string][] = [
    ['TRACE', request('TRACE', '/v2/background-eraser')],
    ['CONNECT-style target', 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'],
    ['an absolute-form target', request('GET', 'http://evil.example/v2/requests/x/status')],
    ['a bad percent escape', request('GET', '/v2/requests/%E0%A4%A/status')],
    ['a very long path', request('GET', `/v2/requests/${'x'.repeat(8000)}/status`)],
    [
      'a Host header with a port past 65535',
      request('POST', '/v2/background-eraser', 'Content-Type: application/json\r\n', '{}').replace(
        'Host: 127.0.0.1',
        'Host: 127.0.0.1:99999',
      ),
    ],
    [
      'a garbage Host header',
      `GET /__mock/health HTTP/1.1\r\nHost: a b/c\r\nConnection: close\r\n\r\n`,
    ],
    [
      'a JSON body that is a string',
      request('POST', '/v2/background-eraser', 'Content-Type: application/json\r\n', '"x"'),
    ],
    [
      'a JSON array',
      request('POST', '/v2/background-eraser', 'Content-Type: application/json\r\n', '[1,2]'),
    ],
    [
      'deep JSON nesting',
      request(
        'POST',
        '/v2/background-eraser',
        'Content-Type: application/json\r\n',
        `${'['.repeat(5000)}${']'.repeat(5000)}`,
      ),
    ],
    [
      'a non-UTF-8 body',
      request(
        'POST',
        '/v2/bria-erase-foreground',
        'Content-Type: application/json\r\n',
        '\xff\xfe{',
      ),
    ],
    [
      'a form body',
      request(
        'POST',
        '/v2/background-eraser',
        'Content-Type: application/x-www-form-urlencoded\r\n',
        'image=x',
      ),
    ],
    [
      'control API garbage',
      request(
        'POST',
        '/__mock/clock/advance',
        'Content-Type: application/json\r\n',
        '{"ms":"soon"}',
      ),
    ],
    [
      'control API faults garbage',
      request('POST', '/__mock/faults', 'Content-Type: application/json\r\n', '{"status":99999}'),
    ],
  ];

  it.each(cases)('%s: never a 5xx', async (_name, raw) => {
    const answer = await rawExchange(server.port, [Buffer.from(raw, 'latin1')]);
    const status = statusOf(answer);
    if (status !== undefined) expect(status).toBeLessThan(500);
    await expectHealthy();
  });
});

describe('bodies', () => {
  it('answers 413 to a declared Content-Length over the limit before reading it', async () => {
    const answer = await rawExchange(server.port, [
      'POST /v2/background-eraser HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: k\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${10 * 1024 * 1024}\r\n\r\n{"image":`,
    ]);
    expect(statusOf(answer)).toBe(413);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({
      error: expect.any(String),
    });
    await expectHealthy();
  });

  it('answers 413 to a chunked body once it passes the limit', async () => {
    const chunk = 'a'.repeat(16 * 1024);
    const chunks = [
      'POST /v2/background-eraser HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: k\r\nTransfer-Encoding: chunked\r\n\r\n',
      ...Array.from({ length: 8 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`),
    ];
    const answer = await rawExchange(server.port, chunks);
    expect(statusOf(answer)).toBe(413);
    await expectHealthy();
  });

  it('answers 413 to fetch posting an oversized body', async () => {
    const res = await fetch(`${server.url}/v2/background-eraser`, {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'content-type': 'application/json' },
      body: JSON.stringify({ image: `data:image/png;base64,${'A'.repeat(200 * 1024)}` }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: expect.any(String) });
  });

  it('survives clients that vanish mid-body', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        rawExchange(
          server.port,
          [
            `POST /v2/background-eraser HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: k\r\nContent-Length: 1000\r\n\r\n`,
            '{"image":"'.padEnd(10 + i * 20, 'x'),
          ],
          { destroyAfterWrite: true, waitMs: 300 },
        ),
      ),
    );
    await expectHealthy();
  });

  it('survives a client that vanishes before its headers end', async () => {
    await rawExchange(
      server.port,
      ['POST /v2/background-eraser HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le'],
      {
        destroyAfterWrite: true,
        waitMs: 200,
      },
    );
    await expectHealthy();
  });
});

describe('DNS rebinding', () => {
  const ask = (host: string) =>
    rawExchange(server.port, [
      `GET /__mock/requests HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
    ]);

  it('refuses a Host name that is not loopback, since the server is bound to loopback', async () => {
    const raw = await ask(`rebind.example:${server.port}`);
    expect(statusOf(raw)).toBe(403);
    expect(raw).toContain('only loopback names');
    await expectHealthy();
  });

  it('serves the loopback names', async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, 'app.localhost']) {
      expect(statusOf(await ask(host)), host).toBe(200);
    }
  });
});
