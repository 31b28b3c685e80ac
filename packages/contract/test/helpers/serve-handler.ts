import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running loopback server. */
export interface ServedHandler {
  url: string;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Serves a fetch-style handler over node:http on 127.0.0.1 with an ephemeral port. A
 * `Response.error()` destroys the socket, as a network fault does on a real server.
 */
export async function serveHandler(
  handle: (request: Request) => Promise<Response>,
): Promise<ServedHandler> {
  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string') headers.set(name, value);
      }
      const request = new Request(new URL(req.url ?? '/', origin), {
        method: req.method ?? 'GET',
        headers,
        ...(body.length > 0 && req.method !== 'GET' ? { body: new Uint8Array(body) } : {}),
      });
      const response = await handle(request);
      if (response.type === 'error') {
        req.socket.destroy();
        return;
      }
      const out = Buffer.from(await response.arrayBuffer());
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(out);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: String(error) }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
