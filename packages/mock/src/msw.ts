import { PRODUCTION_ORIGIN } from '@segmind-ts/spec';
import { type HttpHandler, HttpResponse, http } from 'msw';
import type { SegmindMockCore } from './core/mock.js';

/** Where the MSW handlers listen when `baseUrl` is not given: Segmind's production origin (the spec's first server). */
export const DEFAULT_ORIGIN: string = PRODUCTION_ORIGIN;

/**
 * MSW handlers that send every request to `origins` (API, outputs and control API alike)
 * through `mock.handle()`. An injected network error becomes `HttpResponse.error()`.
 */
export function createHandlers(
  mock: Pick<SegmindMockCore, 'handle'>,
  origins: readonly string[] = [DEFAULT_ORIGIN],
): HttpHandler[] {
  return origins.map((origin) =>
    http.all(`${new URL(origin).origin}/*`, async ({ request }) => {
      const response = await mock.handle(request);
      return response.type === 'error' ? HttpResponse.error() : response;
    }),
  );
}
