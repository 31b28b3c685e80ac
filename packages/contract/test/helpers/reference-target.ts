/**
 * A small target that follows the contract, with one switch per way of breaking it. The suite
 * must pass against it unbroken and catch each breakage; it is deliberately independent of
 * `@segmind-ts/mock`, so a bug shared by the kit and the mock cannot hide here.
 */
import { RETENTION_MS } from '@segmind-ts/spec';

/** The ways the target can break the contract, one at a time. */
export type Breakage =
  | 'wrong-status'
  | 'missing-field'
  | 'wrong-type'
  | 'relative-url'
  | 'state-backwards'
  | 'serve-after-expiry'
  | 'foreign-origin'
  | 'wrong-request-id'
  | 'failed-as-200'
  | 'output-needs-key'
  | 'expire-from-completion'
  | 'waiting-body-without-urls';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQABpfZFQAAAAABJRU5ErkJggg==',
  'base64',
);
const QUEUE_MS = 1_000;
const PROCESSING_MS = { 'background-eraser': 3_000, 'bria-erase-foreground': 12_000 } as const;
/** Where the target's clock starts, for its `Date` headers. */
const DATE_EPOCH = Date.UTC(2025, 0, 1);

type Model = keyof typeof PROCESSING_MS;

interface Job {
  id: string;
  model: Model;
  submittedAt: number;
  failWith?: string;
  polls: number;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

/** The reference target: a request handler with a virtual clock and the `/__mock` control API. */
export function createReferenceTarget(
  options: {
    breakage?: Breakage;
    /** Let real time pass, this many times faster (the virtual clock still moves on advance). */
    realTimeSpeed?: number;
  } = {},
) {
  const broken = options.breakage;
  const started = performance.now();
  let offset = 0;
  const clock = () =>
    offset + (options.realTimeSpeed ? (performance.now() - started) * options.realTimeSpeed : 0);
  let now = 0;
  let counter = 0;
  let jobs = new Map<string, Job>();
  let outcomes: { model?: string; error: string; times: number }[] = [];
  let faults: { method?: string; path?: string; status: number; times: number }[] = [];

  const state = (job: Job) => {
    const age = now - job.submittedAt;
    if (age < QUEUE_MS) return 'QUEUED';
    if (age < QUEUE_MS + PROCESSING_MS[job.model]) return 'PROCESSING';
    return job.failWith ? 'FAILED' : 'COMPLETED';
  };
  const endedAt = (job: Job) => job.submittedAt + QUEUE_MS + PROCESSING_MS[job.model];
  // Kept one hour after its submit; the broken one counts the hour from the end instead.
  const expired = (job: Job) => {
    if (broken === 'serve-after-expiry') return false;
    if (broken === 'expire-from-completion') return now >= endedAt(job) + RETENTION_MS;
    return now >= job.submittedAt + RETENTION_MS;
  };
  const find = (id: string) => {
    const job = jobs.get(id);
    return job && !expired(job) ? job : undefined;
  };

  const validate = (model: Model, body: Record<string, unknown>): string | undefined => {
    if (typeof body.image !== 'string') return 'image: is required';
    if (model === 'background-eraser') {
      if (typeof body.return_mask !== 'boolean') return 'return_mask: must be boolean';
      const grow = body.grow_mask;
      if (grow !== undefined && (typeof grow !== 'number' || grow < 0 || grow > 50)) {
        return 'grow_mask: must be <= 50';
      }
    } else if (body.preserve_alpha !== undefined && typeof body.preserve_alpha !== 'boolean') {
      return 'preserve_alpha: must be boolean';
    }
    return undefined;
  };

  const control = async (path: string, request: Request) => {
    const body = (await request.json().catch(() => ({}))) as {
      ms?: number;
      model?: string;
      error?: string;
      method?: string;
      path?: string;
      status?: number;
      times?: number;
    };
    if (path === '/__mock/reset') {
      offset -= clock();
      now = 0;
      jobs = new Map();
      outcomes = [];
      faults = [];
    } else if (path === '/__mock/clock/advance') {
      offset += Number(body.ms);
    } else if (path === '/__mock/outcomes') {
      outcomes.push({
        ...(body.model ? { model: body.model } : {}),
        error: body.error ?? 'Failed',
        times: body.times ?? 1,
      });
    } else if (path === '/__mock/faults') {
      faults.push({
        ...(body.method ? { method: body.method } : {}),
        ...(body.path ? { path: body.path } : {}),
        status: body.status ?? 500,
        times: body.times ?? 1,
      });
    } else {
      return json(404, { error: `no control route ${path}` });
    }
    return json(200, { ok: true });
  };

  /** The status body while the job waits: its URLs and empty metrics, as Segmind's docs show. */
  const waiting = (job: Job, status: string, origin: string) =>
    broken === 'waiting-body-without-urls'
      ? { request_id: job.id, status, metrics: {} }
      : {
          request_id: job.id,
          status,
          status_url: `${origin}/v2/requests/${job.id}/status`,
          response_url: `${origin}/v2/requests/${job.id}`,
          metrics: {},
        };

  const jobStatus = (job: Job, origin: string) => {
    let current = state(job);
    job.polls += 1;
    // The broken state machine answers QUEUED again once it has said PROCESSING.
    if (broken === 'state-backwards' && current === 'PROCESSING' && job.polls % 2 === 0) {
      current = 'QUEUED';
    }
    if (current === 'FAILED') {
      const code = broken === 'failed-as-200' ? 200 : 422;
      return json(code, { request_id: job.id, status: 'FAILED', error: job.failWith, metrics: {} });
    }
    const id = broken === 'wrong-request-id' ? `${job.id}-other` : job.id;
    if (current !== 'COMPLETED')
      return json(200, { ...waiting(job, current, origin), request_id: id });
    const metrics = {
      inference_time: broken === 'wrong-type' ? '3.00' : PROCESSING_MS[job.model] / 1000,
    };
    return json(200, { request_id: id, status: current, metrics });
  };

  const jobResult = (job: Job, origin: string) => {
    const current = state(job);
    if (current === 'FAILED') {
      return json(422, { request_id: job.id, status: 'FAILED', error: job.failWith, metrics: {} });
    }
    if (current !== 'COMPLETED') return json(202, waiting(job, current, origin));
    const body: Record<string, unknown> = {
      request_id: job.id,
      status: 'COMPLETED',
      output: `${origin}/outputs/${job.id}.png`,
      metrics: { inference_time: PROCESSING_MS[job.model] / 1000 },
      error: null,
    };
    if (broken === 'missing-field') delete body.output;
    return json(200, body);
  };

  // Dated on its own clock, as a server dates its answers: a recording reads the time from it.
  const dated = (response: Response) => {
    if (response.type !== 'error') {
      response.headers.set('date', new Date(DATE_EPOCH + Math.floor(now)).toUTCString());
    }
    return response;
  };

  return {
    /** Answers one request, as a server would. */
    async handle(request: Request): Promise<Response> {
      return dated(await answer(request));
    },
  };

  async function answer(request: Request): Promise<Response> {
    now = clock();
    const url = new URL(request.url);
    const path = url.pathname;
    if (path.startsWith('/__mock/')) return control(path, request);

    const fault = faults.find(
      (f) =>
        f.times > 0 &&
        (!f.method || f.method === request.method) &&
        (!f.path ||
          new RegExp(`^${f.path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(
            path,
          )),
    );
    if (fault) {
      fault.times -= 1;
      return json(
        fault.status,
        { error: `Injected ${fault.status}` },
        fault.status === 429 ? { 'retry-after': '12' } : {},
      );
    }

    const output = path.match(/^\/outputs\/([^/]+)\.png$/);
    if (output && request.method === 'GET') {
      if (broken === 'output-needs-key' && !request.headers.get('x-api-key')) {
        return json(401, { error: 'Invalid API key' });
      }
      const job = find(output[1] ?? '');
      return job && state(job) === 'COMPLETED'
        ? new Response(PNG, { headers: { 'content-type': 'image/png' } })
        : json(404, { error: 'Output not found' });
    }
    if (!request.headers.get('x-api-key')) return json(401, { error: 'Invalid API key' });

    const status = path.match(/^\/v2\/requests\/([^/]+)\/status$|^\/v1\/requests\/([^/]+)$/);
    if (status && request.method === 'GET') {
      const job = find(status[1] ?? status[2] ?? '');
      return job ? jobStatus(job, url.origin) : json(404, { error: 'Request not found' });
    }
    if (path === '/v1/get-user-credits' && request.method === 'GET') {
      return json(200, { credits: 99, 'free-credits': 0 });
    }
    const result = path.match(/^\/v2\/requests\/([^/]+)$/);
    if (result && request.method === 'GET') {
      const job = find(result[1] ?? '');
      return job ? jobResult(job, url.origin) : json(404, { error: 'Request not found' });
    }

    const call = path.match(/^\/(v1|v2)\/([^/]+)$/);
    if (!call || request.method !== 'POST') return json(404, { error: `Not found: ${path}` });
    const model = call[2] as Model;
    if (!(model in PROCESSING_MS)) return json(404, { error: `Model not found: ${model}` });
    let body: Record<string, unknown>;
    try {
      body = (await request.json()) as Record<string, unknown>;
    } catch {
      return json(400, { error: 'Body is not JSON' });
    }
    const invalid = validate(model, body);
    if (invalid) return json(400, { error: invalid });

    if (call[1] === 'v1') {
      if (body.base64 === true) {
        return json(200, { image: PNG.toString('base64') }, { 'x-remaining-credits': '99' });
      }
      return new Response(PNG, {
        headers: { 'content-type': 'image/png', 'x-remaining-credits': '99' },
      });
    }
    counter += 1;
    const id = `job-${counter}`;
    const outcome = outcomes.find((o) => o.times > 0 && (!o.model || o.model === model));
    if (outcome) outcome.times -= 1;
    jobs.set(id, {
      id,
      model,
      submittedAt: now,
      polls: 0,
      ...(outcome ? { failWith: outcome.error } : {}),
    });
    const statusUrl =
      broken === 'relative-url'
        ? `/v2/requests/${id}/status`
        : broken === 'foreign-origin'
          ? `http://127.0.0.2:9/v2/requests/${id}/status`
          : `${url.origin}/v2/requests/${id}/status`;
    return json(broken === 'wrong-status' ? 201 : 200, {
      request_id: id,
      status: 'QUEUED',
      status_url: statusUrl,
      response_url: `${url.origin}/v2/requests/${id}`,
      poll_url: `${url.origin}/v1/requests/${id}`,
    });
  }
}
