// Answers the server once failed to give: a malformed chunked body, CONNECT, and a 413 the client
// could not read because the connection was reset while it was still sending its body.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../src/server/index.js';
import { rawExchange, statusOf } from './server-support/raw-socket.js';

let server: MockServer;
const logged: string[] = [];

beforeAll(async () => {
  server = await startMockServer({
    port: 0,
    clock: 'virtual',
    maxBodyBytes: 64 * 1024,
    logLevel: 'info',
    logSink: (_level, message) => logged.push(message),
  });
});
afterAll(() => server.close());

function bodyOf(raw: string): unknown {
  return JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
}

async function expectHealthy() {
  const res = await fetch(`${server.url}/__mock/health`);
  expect(res.status).toBe(200);
}

describe('malformed chunked body', () => {
  it('gets a 400 with a JSON error, and is logged as such', async () => {
    const raw = await rawExchange(
      server.port,
      [
        'POST /v2/background-eraser HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: k\r\n' +
          'Transfer-Encoding: chunked\r\n\r\nZZ\r\nxx\r\n',
      ],
      { waitMs: 2000 },
    );
    expect(statusOf(raw)).toBe(400);
    expect(bodyOf(raw)).toEqual({ error: expect.any(String) });
    await expectHealthy();
    const line = logged.find((entry) => entry.startsWith('POST /v2/background-eraser'));
    expect(line).toMatch(/→ 400/);
  });
});

describe('CONNECT', () => {
  it('gets a 405 with a JSON error instead of a silent close', async () => {
    const raw = await rawExchange(server.port, [
      'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n',
    ]);
    expect(statusOf(raw)).toBe(405);
    expect(bodyOf(raw)).toEqual({ error: expect.any(String) });
    await expectHealthy();
  });
});

describe('413 on an announced body over the limit', () => {
  it('reaches a client that sends its whole body before it reads', async () => {
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(server.port, '127.0.0.1');
      const received: Buffer[] = [];
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        socket.destroy();
        resolve(Buffer.concat(received).toString('latin1'));
      };
      // Like most clients (Python's http.client, curl), read only once the body is sent: the
      // answer waits in the kernel's buffer meanwhile, where a reset would destroy it.
      socket.pause();
      const readAnswer = () => {
        socket.resume();
        setTimeout(finish, 2000);
      };
      const pump = () => {
        while (sent < 8 * 1024 * 1024) {
          sent += chunk.length;
          const last = sent >= 8 * 1024 * 1024;
          if (!socket.write(chunk, last ? readAnswer : undefined))
            return socket.once('drain', pump);
        }
      };
      socket.on('connect', () => {
        socket.write(
          'POST /v2/background-eraser HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: k\r\n' +
            `Content-Type: application/json\r\nContent-Length: ${8 * 1024 * 1024}\r\n\r\n`,
        );
        pump();
      });
      socket.on('data', (data) => received.push(data));
      socket.on('end', finish);
      // A reset while sending: what was received is all there is.
      socket.on('error', () => {
        socket.resume();
        setTimeout(finish, 200);
      });
      // Ample for 8 MiB on loopback, even on a loaded machine; the answer is all that counts.
      setTimeout(finish, 10_000);
    });
    expect(statusOf(answer)).toBe(413);
    expect(bodyOf(answer)).toEqual({ error: expect.any(String) });
    await expectHealthy();
  });
});
