// Malformed HTTP for the server: bytes no HTTP client would send, written straight to a socket.
// A fixed corpus of known troublemakers, and generated garbage around valid requests.
import { connect } from 'node:net';
import fc from 'fast-check';

const HEAD = 'Host: 127.0.0.1\r\nx-api-key: fuzz-key\r\n';
const SUBMIT = 'POST /v2/background-eraser HTTP/1.1\r\n';
const VALID_BODY = '{"image":"https://example.com/a.png","return_mask":false}';

/** Known troublemakers: each one once broke a server somewhere. */
export const CORPUS: readonly string[] = [
  'HELLO THERE\r\n\r\n',
  '\x00\xff\x13\x37\r\n\r\n',
  `GET / HTTP/1.1\r\n${HEAD}not a header\r\n\r\n`,
  `${SUBMIT}${HEAD}Content-Length: abc\r\n\r\n`,
  `${SUBMIT}${HEAD}Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc`,
  `${SUBMIT}${HEAD}Transfer-Encoding: chunked\r\n\r\nZZ\r\nxx\r\n`,
  `${SUBMIT}${HEAD}Transfer-Encoding: chunked\r\n\r\n5\r\nabc\r\n0\r\n\r\n`,
  `${SUBMIT}${HEAD}Transfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n`,
  `${SUBMIT}${HEAD}Transfer-Encoding: chunked\r\n\r\n3\r\nabc`,
  `${SUBMIT}${HEAD}Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n`,
  `${SUBMIT}${HEAD}Content-Length: 100\r\n\r\n{"image":`,
  `${SUBMIT}${HEAD}Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!`,
  `GET / HTTP/1.1\r\n${HEAD}X-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
  `GET /${'a'.repeat(20_000)} HTTP/1.1\r\n${HEAD}\r\n`,
  'GET /v2/\0 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
  'GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n',
  'GET / HTTP/1.0\r\n\r\n',
  'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n',
  `TRACE /v2/background-eraser HTTP/1.1\r\n${HEAD}\r\n`,
  `GET http://evil.example/v2/requests/x/status HTTP/1.1\r\n${HEAD}\r\n`,
  'GET /__mock/health HTTP/1.1\r\nHost: a b/c\r\n\r\n',
  `GET /__mock/health HTTP/1.1\r\n${HEAD}Connection: Upgrade\r\nUpgrade: websocket\r\n\r\n`,
  `GET /__mock/health HTTP/1.1\r\n${HEAD}Expect: 100-continue\r\n\r\n`,
  `${SUBMIT}${HEAD}Expect: 100-continue\r\nContent-Length: ${VALID_BODY.length}\r\n\r\n${VALID_BODY}`,
  `${SUBMIT}${HEAD}Content-Length: ${30 * 1024 * 1024}\r\n\r\n{"image":`,
  `${SUBMIT}${HEAD}Content-Length: ${VALID_BODY.length}\r\n\r\n${VALID_BODY}`.repeat(3),
  `POST /__mock/faults HTTP/1.1\r\n${HEAD}Origin: https://evil.example\r\nContent-Type: text/plain\r\nContent-Length: 15\r\n\r\n{"status": 503}`,
  `${SUBMIT}${HEAD}Content-Length: 6\r\n\r\n\xff\xfe{"a"`,
  `${SUBMIT}${HEAD}Content-Length: ${2 * 3000}\r\n\r\n${'['.repeat(3000)}${']'.repeat(3000)}`,
];

/** Generated garbage: noise, mangled valid requests, and random heads and bodies. */
export const garbage: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 512 }),
  // A valid request with a byte range cut out, repeated or replaced by noise.
  fc
    .tuple(
      fc.constantFrom(
        `${SUBMIT}${HEAD}Content-Type: application/json\r\nContent-Length: ${VALID_BODY.length}\r\n\r\n${VALID_BODY}`,
        `${SUBMIT}${HEAD}Transfer-Encoding: chunked\r\n\r\n${VALID_BODY.length.toString(16)}\r\n${VALID_BODY}\r\n0\r\n\r\n`,
        `GET /v2/requests/x/status HTTP/1.1\r\n${HEAD}\r\n`,
        `POST /__mock/clock/advance HTTP/1.1\r\n${HEAD}Content-Type: application/json\r\nContent-Length: 10\r\n\r\n{"ms": 10}`,
      ),
      fc.nat(),
      fc.nat({ max: 40 }),
      fc.string({ maxLength: 20 }),
    )
    .map(([valid, at, length, noise]) => {
      const start = at % valid.length;
      return valid.slice(0, start) + noise + valid.slice(start + length);
    }),
  // A request head of random tokens and headers.
  fc
    .record({
      method: fc.oneof(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
        fc.string({ maxLength: 10 }),
      ),
      target: fc.oneof(fc.webPath(), fc.string({ maxLength: 40 })),
      version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1x', ''),
      headers: fc.array(fc.tuple(fc.string({ maxLength: 16 }), fc.string({ maxLength: 40 })), {
        maxLength: 5,
      }),
      body: fc.string({ maxLength: 80 }),
    })
    .map(
      ({ method, target, version, headers, body }) =>
        `${method} ${target} ${version}\r\nHost: 127.0.0.1\r\n${headers
          .map(([name, value]) => `${name}: ${value}\r\n`)
          .join('')}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    ),
);

/**
 * Writes `bytes`, half-closes (so the server sees the end of the input), and collects whatever
 * comes back until the server closes the connection or `waitMs` passes.
 */
export function rawExchange(
  port: number,
  bytes: string | Uint8Array,
  waitMs = 2000,
): Promise<Buffer> {
  return new Promise((resolve) => {
    const received: Buffer[] = [];
    const socket = connect(port, '127.0.0.1');
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(received));
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('error', done);
    socket.on('close', done);
    socket.on('connect', () => {
      socket.end(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
    });
  });
}

/** The problems of the answers in a raw exchange: no 5xx, and every 4xx a JSON `{"error"}`. */
export function rawProblems(received: Buffer): string[] {
  const problems: string[] = [];
  const text = received.toString('latin1');
  let at = 0;
  while (at < text.length) {
    const match = /^HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n/.exec(text.slice(at));
    if (!match) {
      problems.push(`not an HTTP answer: ${JSON.stringify(text.slice(at, at + 80))}`);
      break;
    }
    const status = Number(match[1]);
    const headEnd = text.indexOf('\r\n\r\n', at);
    if (headEnd === -1) break;
    const head = text.slice(at, headEnd);
    let length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    let body = text.slice(headEnd + 4, headEnd + 4 + length);
    if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      const chunked = dechunk(text, headEnd + 4);
      body = chunked.body;
      length = chunked.end - (headEnd + 4);
    }
    if (status >= 500) problems.push(`${status}: ${body}`);
    if (status >= 400 && status < 500) {
      try {
        if (typeof JSON.parse(body).error !== 'string')
          problems.push(`${status} without error: ${body}`);
      } catch {
        problems.push(
          `${status} with a body that is not JSON: ${JSON.stringify(body.slice(0, 80))}`,
        );
      }
    }
    // A 100 Continue has no body; anything else is followed by its announced body.
    at = headEnd + 4 + (status === 100 ? 0 : length);
  }
  return problems;
}

/** The body of a chunked answer starting at `from`, and where the answer ends. */
function dechunk(text: string, from: number): { body: string; end: number } {
  let at = from;
  let body = '';
  for (;;) {
    const lineEnd = text.indexOf('\r\n', at);
    if (lineEnd === -1) return { body, end: text.length };
    const size = Number.parseInt(text.slice(at, lineEnd), 16);
    if (!(size > 0)) return { body, end: Math.min(text.length, lineEnd + 4) };
    body += text.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}
