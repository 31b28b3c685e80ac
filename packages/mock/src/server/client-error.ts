import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { errorBody } from '../core/api-bodies.js';
import type { Logger } from './logger.js';

/** Maps the parser's error codes to the status a well-behaved server answers with. */
function statusOf(code: string | undefined): [number, string] {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'Request Header Fields Too Large'];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'Request Timeout'];
    default:
      return [400, 'Bad Request'];
  }
}

/**
 * Answers what Node's HTTP parser refuses (malformed request lines, oversized headers, bad
 * chunk framing) with a JSON `{"error"}` and closes that one connection. A reset connection
 * gets nothing: there is nobody left to read it. Nothing here can throw back into the server.
 *
 * A body's framing is refused after its request reached the application (a bad chunk size comes
 * after the head): that request's own response then carries the 400, so that it is the answer
 * logged, rather than a connection closed without one.
 */
export function createClientErrorHandler(logger: Logger) {
  // Sockets already answered: the parser may report the same error again on later bytes.
  const answered = new WeakSet<Socket>();
  return (error: Error & { code?: string }, socket: Socket): void => {
    try {
      if (answered.has(socket)) return;
      if (error.code === 'ECONNRESET' || !socket.writable) {
        socket.destroy();
        return;
      }
      const [status, reason] = statusOf(error.code);
      const body = JSON.stringify(errorBody(`${reason}: the request could not be parsed`));
      const pending = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
      if (pending) {
        // A response already under way cannot be followed by a second one.
        if (pending.headersSent) {
          socket.destroy();
          return;
        }
        answered.add(socket);
        logger.debug(`client error ${error.code ?? error.message}: answered ${status}`);
        pending.writeHead(status, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          connection: 'close',
        });
        pending.end(body);
        return;
      }
      answered.add(socket);
      logger.debug(`client error ${error.code ?? error.message}: answered ${status}`);
      socket.end(
        `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\n` +
          `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    } catch {
      socket.destroy();
    }
  };
}

/** Answers a CONNECT request (a proxy tunnel) with 405 on its raw socket, then closes it. */
export function refuseConnect(socket: Socket): void {
  try {
    socket.on('error', () => socket.destroy());
    const body = JSON.stringify(
      errorBody('Method CONNECT not allowed: this server is not a proxy'),
    );
    socket.end(
      'HTTP/1.1 405 Method Not Allowed\r\ncontent-type: application/json\r\n' +
        `allow: GET, HEAD, POST, DELETE, OPTIONS\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
        `connection: close\r\n\r\n${body}`,
    );
  } catch {
    socket.destroy();
  }
}
