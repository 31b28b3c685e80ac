import { fakeFetch, json } from './fake-fetch.js';

/** Options of {@link fakeJobApi}. */
export interface FakeJobApiOptions {
  /** Milliseconds after the submit at which the job ends. */
  doneAfterMs?: number;
  /** How it ends. */
  outcome?: 'COMPLETED' | 'FAILED';
  /** The id the submit hands out. */
  id?: string;
  /** The origin of the URLs in the submit answer. */
  origin?: string;
  /** Answers a request before the job logic does, when it returns a Response. */
  intercept?: (request: Request) => Response | Promise<Response> | undefined;
}

/**
 * A one-job API on `Date.now()` (so vitest's fake timers drive it): QUEUED for the first second,
 * PROCESSING until `doneAfterMs`, then COMPLETED or FAILED; the result endpoint answers 202, 200
 * or 422 accordingly.
 */
export function fakeJobApi(options: FakeJobApiOptions = {}) {
  const {
    doneAfterMs = 3000,
    outcome = 'COMPLETED',
    id = 'req-1',
    origin = 'https://api.segmind.com',
    intercept,
  } = options;
  let submittedAt: number | undefined;
  const state = () => {
    if (submittedAt === undefined) return 'QUEUED';
    const age = Date.now() - submittedAt;
    return age >= doneAfterMs ? outcome : age >= 1000 ? 'PROCESSING' : 'QUEUED';
  };
  const failed = () => ({
    request_id: id,
    status: 'FAILED',
    error: 'Input image flagged by content moderation',
    metrics: { inference_time: 0.4 },
  });
  const api = fakeFetch((request) => {
    const intercepted = intercept?.(request);
    if (intercepted) return intercepted;
    const { pathname } = new URL(request.url);
    if (request.method === 'POST' && pathname.startsWith('/v2/')) {
      submittedAt ??= Date.now();
      return json({
        request_id: id,
        status: 'QUEUED',
        status_url: `${origin}/v2/requests/${id}/status`,
        response_url: `${origin}/v2/requests/${id}`,
      });
    }
    if (pathname === `/v2/requests/${id}/status`) {
      const status = state();
      if (status === 'FAILED') return json(failed(), 422);
      return json({
        request_id: id,
        status,
        ...(status === 'COMPLETED' ? { metrics: { inference_time: 2.5 } } : {}),
      });
    }
    if (pathname === `/v2/requests/${id}`) {
      const status = state();
      if (status === 'FAILED') return json(failed(), 422);
      if (status !== 'COMPLETED') return json({ request_id: id, status }, 202);
      return json({
        request_id: id,
        status: 'COMPLETED',
        error: null,
        output: `${origin}/outputs/${id}.png`,
        metrics: { inference_time: 2.5 },
      });
    }
    return json({ error: `No route for ${request.method} ${pathname}` }, 404);
  });
  /** The requests received, as "METHOD path". */
  const log = () => api.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`);
  /** Starts the job's clock without a submit, for handles rebuilt from an id. */
  const start = () => {
    submittedAt = Date.now();
  };
  return { ...api, log, start, id, origin };
}
