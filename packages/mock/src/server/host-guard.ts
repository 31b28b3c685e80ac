/**
 * DNS-rebinding guard. A server bound to loopback is reachable only from this machine, but a web
 * page can still point a name it controls at 127.0.0.1 and then script requests to it; those
 * requests carry the page's own name in `Host`. Answering only loopback names keeps such a page
 * from driving the mock (its control API needs no token by default) or reading its journal.
 * A server bound to another address serves whatever names its users give it.
 */

const LOOPBACK_NAME =
  /^(?:localhost|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Whether the server's listening address is a loopback one. */
export function isLoopbackBind(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** The name part of a Host header: `[::1]:4010` → `[::1]`, `localhost:4010` → `localhost`. */
function nameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

/**
 * A check of the `Host` header for a loopback-bound server: true when the request may be served.
 * A request without `Host` (HTTP/1.0) is served: no browser sends one.
 */
export function createHostGuard(): (host: string | undefined) => boolean {
  // Clients send the same Host on every request: remember the last verdict.
  let lastHost: string | undefined;
  let lastVerdict = true;
  return (host) => {
    if (host === undefined) return true;
    if (host !== lastHost) {
      lastHost = host;
      lastVerdict = LOOPBACK_NAME.test(nameOf(host));
    }
    return lastVerdict;
  };
}
