/**
 * Turns a request handler (`(request: Request) => Promise<Response>`, such as a simulator's
 * `handle`) into a `fetch`, so the suite can run against it with no server and no interceptor.
 */
export function handlerFetch(
  handle: (request: Request) => Promise<Response>,
): typeof globalThis.fetch {
  return (input, init) => handle(new Request(input, init));
}
