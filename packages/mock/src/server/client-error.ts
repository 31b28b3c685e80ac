import type { Socket } from 'node:net';
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
 */
export function createClientErrorHandler(logger: Logger) {
  return (error: Error & { code?: string }, socket: Socket): void => {
    try {
      // A response already under way on this socket cannot be followed by a second one.
      const busy = (socket as Socket & { _httpMessage?: unknown })._httpMessage != null;
      if (error.code === 'ECONNRESET' || !socket.writable || busy) {
        socket.destroy();
        return;
      }
      const [status, reason] = statusOf(error.code);
      logger.debug(`client error ${error.code ?? error.message}: answered ${status}`);
      const body = JSON.stringify({ error: `${reason}: the request could not be parsed` });
      socket.end(
        `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\n` +
          `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    } catch {
      socket.destroy();
    }
  };
}
