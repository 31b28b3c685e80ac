// The one behaviour suite both adapters must pass: the MSW handlers in-process and the real HTTP
// server on loopback. Each adapter supplies a target (how to send requests, how to drive the
// mock); the expectations are written once, so a difference between the two fails here.
import { afterEach, describe, expect, it } from 'vitest';
import {
  type FaultOptions,
  type SegmindMockOptions,
  UNLIMITED_CREDITS,
  VIRTUAL_EPOCH,
} from '../../src/core.js';

/** How a test drives the simulator behind a target. */
export interface MockControls {
  /** Moves the virtual clock forward. */
  advance(ms: number): Promise<void>;
  /** Makes the next job(s) end FAILED with `error`. */
  failNext(options: { model?: string; error: string; times?: number }): Promise<void>;
  /** Injects a fault. */
  fault(options: FaultOptions): Promise<void>;
}

/** One running simulator the suite talks to. */
export interface BehaviourTarget {
  /** The origin requests are sent to (no trailing slash). */
  origin: string;
  /** The `fetch` that reaches it. */
  fetch: typeof fetch;
  controls: MockControls;
  close(): Promise<void>;
}

/** Creates a target from simulator options (the suite always asks for a virtual clock). */
export type TargetFactory = (options: SegmindMockOptions) => Promise<BehaviourTarget>;

const QUEUE_MS = 1000;
const PROCESSING_MS = 3000;
const RETENTION_MS = 60_000;
const KEY = 'suite-key';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const ERASER_INPUT = { image: 'https://example.com/cat.png', return_mask: false };
const BRIA_INPUT = { image: 'https://example.com/cat.jpg' };

/** Declares the behaviour suite against the targets `factory` creates. */
export function behaviourSuite(factory: TargetFactory): void {
  const open: BehaviourTarget[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((target) => target.close()));
  });

  async function start(options: SegmindMockOptions = {}) {
    const target = await factory({
      clock: 'virtual',
      seed: 7,
      retentionMs: RETENTION_MS,
      timings: { default: { queueMs: QUEUE_MS, processingMs: PROCESSING_MS } },
      ...options,
    });
    open.push(target);
    const call = (path: string, init: RequestInit & { key?: string | null } = {}) => {
      const { key = KEY, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (key !== null) headers.set('x-api-key', key);
      if (rest.body !== undefined) headers.set('content-type', 'application/json');
      return target.fetch(path.startsWith('http') ? path : `${target.origin}${path}`, {
        ...rest,
        headers,
      });
    };
    const submit = async (model = 'background-eraser', input: object = ERASER_INPUT) => {
      const res = await call(`/v2/${model}`, { method: 'POST', body: JSON.stringify(input) });
      expect(res.status).toBe(200);
      return (await res.json()) as {
        request_id: string;
        status: string;
        status_url: string;
        response_url: string;
        poll_url: string;
      };
    };
    return { target, call, submit, controls: target.controls };
  }

  describe('lifecycle', () => {
    it('walks a v2 job QUEUED → PROCESSING → COMPLETED on its own origin, and serves a PNG', async () => {
      const { target, call, submit, controls } = await start();
      const job = await submit();
      expect(job.status).toBe('QUEUED');
      expect(job.status_url).toBe(`${target.origin}/v2/requests/${job.request_id}/status`);
      expect(job.response_url).toBe(`${target.origin}/v2/requests/${job.request_id}`);

      const queued = await call(job.status_url);
      expect(queued.status).toBe(200);
      expect(await queued.json()).toMatchObject({ status: 'QUEUED', request_id: job.request_id });
      const pending = await call(job.response_url);
      expect(pending.status).toBe(202);
      expect(await pending.json()).toMatchObject({ status: 'QUEUED' });

      await controls.advance(QUEUE_MS);
      expect(await (await call(job.status_url)).json()).toMatchObject({ status: 'PROCESSING' });

      await controls.advance(PROCESSING_MS);
      const done = await call(job.status_url);
      expect(done.status).toBe(200);
      const doneBody = (await done.json()) as {
        status: string;
        metrics: { inference_time: number };
      };
      expect(doneBody.status).toBe('COMPLETED');
      expect(doneBody.metrics.inference_time).toBeCloseTo(PROCESSING_MS / 1000, 3);

      const result = await call(job.response_url);
      expect(result.status).toBe(200);
      const body = (await result.json()) as { status: string; output: string; error: unknown };
      expect(body).toMatchObject({ status: 'COMPLETED', error: null });
      expect(body.output.startsWith(`${target.origin}/`)).toBe(true);

      // Like Segmind's media URLs, the output is fetched without a key.
      const image = await call(body.output, { key: null });
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/png');
      const bytes = new Uint8Array(await image.arrayBuffer());
      expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    });

    it('answers v1 with an x-request-id, one per call', async () => {
      const { call } = await start();
      const ids = new Set<string | null>();
      for (let i = 0; i < 3; i++) {
        const res = await call('/v1/background-eraser', {
          method: 'POST',
          body: JSON.stringify(ERASER_INPUT),
        });
        ids.add(res.headers.get('x-request-id'));
      }
      expect(ids.size).toBe(3);
      for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('answers v1 with PNG bytes and x-remaining-credits', async () => {
      const { call } = await start({ credits: 10 });
      const res = await call('/v1/background-eraser', {
        method: 'POST',
        body: JSON.stringify(ERASER_INPUT),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(Number(res.headers.get('x-remaining-credits'))).toBe(9);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    });
  });

  describe('bad input', () => {
    it('answers 400 naming the field for a body the spec refuses, and for malformed JSON', async () => {
      const { call } = await start();
      const invalid = await call('/v2/background-eraser', {
        method: 'POST',
        body: JSON.stringify({
          image: 'https://example.com/a.png',
          return_mask: false,
          grow_mask: 99,
        }),
      });
      expect(invalid.status).toBe(400);
      expect(((await invalid.json()) as { error: string }).error).toMatch(/grow_mask/);

      const malformed = await call('/v2/background-eraser', { method: 'POST', body: '{"image":' });
      expect(malformed.status).toBe(400);
      expect(typeof ((await malformed.json()) as { error: unknown }).error).toBe('string');
    });

    it('answers 404 for an unknown model or request id, and 405 for a wrong method', async () => {
      const { call } = await start();
      const model = await call('/v2/no-such-model', { method: 'POST', body: '{}' });
      expect(model.status).toBe(404);
      expect(typeof ((await model.json()) as { error: unknown }).error).toBe('string');
      const id = await call('/v2/requests/does-not-exist/status');
      expect(id.status).toBe(404);
      const method = await call('/v2/background-eraser', { method: 'GET' });
      expect(method.status).toBe(405);
    });
  });

  describe('failure (422)', () => {
    it('serves FAILED as 422 with its body on both the status and the result endpoint', async () => {
      const { call, submit, controls } = await start();
      await controls.failNext({ model: 'bria-erase-foreground', error: 'Input image flagged' });
      const job = await submit('bria-erase-foreground', BRIA_INPUT);
      await controls.advance(QUEUE_MS + PROCESSING_MS);
      for (const url of [job.status_url, job.response_url]) {
        const res = await call(url);
        expect(res.status).toBe(422);
        expect(await res.json()).toMatchObject({
          status: 'FAILED',
          error: 'Input image flagged',
          request_id: job.request_id,
        });
      }
    });
  });

  describe('expiry', () => {
    it('keeps status and result for the retention after submission, then answers 404', async () => {
      const { call, submit, controls } = await start();
      const job = await submit();
      await controls.advance(RETENTION_MS - 1);
      expect((await call(job.response_url)).status).toBe(200);
      await controls.advance(1);
      const gone = await call(job.response_url);
      expect(gone.status).toBe(404);
      expect(typeof ((await gone.json()) as { error: unknown }).error).toBe('string');
      expect((await call(job.status_url)).status).toBe(404);
    });

    it('counts from the submit, not from the end: a job that ended later expires all the same', async () => {
      const { call, submit, controls } = await start();
      const job = await submit();
      // It ends QUEUE_MS + PROCESSING_MS after the submit; an hour from its end would still serve.
      await controls.advance(QUEUE_MS + PROCESSING_MS);
      const done = await call(job.response_url);
      expect(done.status).toBe(200);
      const { output } = (await done.json()) as { output: string };
      await controls.advance(RETENTION_MS - QUEUE_MS - PROCESSING_MS);
      for (const url of [job.status_url, job.response_url, job.poll_url]) {
        expect((await call(url)).status, url).toBe(404);
      }
      expect((await call(output, { key: null })).status).toBe(404);
    });
  });

  describe('status body', () => {
    it('carries the job URLs and empty metrics while it waits, and inference_time once done', async () => {
      const { call, submit, controls } = await start();
      const job = await submit();
      const waiting = (status: string) => ({
        request_id: job.request_id,
        status,
        status_url: job.status_url,
        response_url: job.response_url,
        metrics: {},
      });
      expect(await (await call(job.status_url)).json()).toEqual(waiting('QUEUED'));
      const pending = await call(job.response_url);
      expect(pending.status).toBe(202);
      expect(await pending.json()).toEqual(waiting('QUEUED'));
      await controls.advance(QUEUE_MS);
      expect(await (await call(job.status_url)).json()).toEqual(waiting('PROCESSING'));
      await controls.advance(PROCESSING_MS);
      const done = await call(job.status_url);
      expect(await done.json()).toEqual({
        request_id: job.request_id,
        status: 'COMPLETED',
        metrics: { inference_time: PROCESSING_MS / 1000 },
      });
    });
  });

  describe('poll_url (v1 poll endpoint)', () => {
    it('is given on submit and answers as the v2 status endpoint does', async () => {
      const { target, call, submit, controls } = await start();
      await controls.failNext({ model: 'bria-erase-foreground', error: 'Input image flagged' });
      const failing = await submit('bria-erase-foreground', BRIA_INPUT);
      const job = await submit();
      expect(job.poll_url).toBe(`${target.origin}/v1/requests/${job.request_id}`);
      const v1 = await call(job.poll_url);
      expect(v1.status).toBe(200);
      expect(await v1.json()).toEqual(await (await call(job.status_url)).json());
      await controls.advance(QUEUE_MS + PROCESSING_MS);
      const failed = await call(failing.poll_url);
      expect(failed.status).toBe(422);
      expect(await failed.json()).toMatchObject({ status: 'FAILED', error: 'Input image flagged' });
      expect((await call('/v1/requests/does-not-exist')).status).toBe(404);
      expect((await call(job.poll_url, { key: null })).status).toBe(401);
    });
  });

  describe('Date', () => {
    it("dates every answer with the mock's own clock", async () => {
      const { call, submit, controls } = await start();
      const job = await submit();
      await controls.advance(61_500);
      const answer = await call(job.status_url);
      expect(answer.headers.get('date')).toBe(new Date(VIRTUAL_EPOCH + 61_000).toUTCString());
    });
  });

  describe('auth', () => {
    it('answers 401 without a key or with an unknown one', async () => {
      const { call } = await start({ apiKeys: [KEY] });
      expect((await call('/v2/requests/x/status', { key: null })).status).toBe(401);
      expect((await call('/v2/requests/x/status', { key: 'other' })).status).toBe(401);
      expect((await call('/v2/requests/x/status')).status).toBe(404);
    });
  });

  describe('credits', () => {
    it('serves the balance at GET /v1/get-user-credits, as each call spends it', async () => {
      const { call, submit, controls } = await start({ credits: 10 });
      const balance = async () => {
        const res = await call('/v1/get-user-credits');
        expect(res.status).toBe(200);
        return res.json();
      };
      expect(await balance()).toEqual({ credits: 10, 'free-credits': 0 });
      const v1 = await call('/v1/background-eraser', {
        method: 'POST',
        body: JSON.stringify(ERASER_INPUT),
      });
      expect(v1.headers.get('x-remaining-credits')).toBe('9');
      expect(await balance()).toEqual({ credits: 9, 'free-credits': 0 });
      await submit('bria-erase-foreground', BRIA_INPUT);
      expect(await balance()).toEqual({ credits: 6, 'free-credits': 0 });
      expect((await call('/v1/get-user-credits', { key: null })).status).toBe(401);
      expect((await call('/v1/get-user-credits', { method: 'POST', body: '{}' })).status).toBe(405);
      // A job that ends FAILED costs nothing (an assumption of the spec, modelled here).
      await controls.failNext({ error: 'Input image flagged' });
      await submit('bria-erase-foreground', BRIA_INPUT);
      expect(await balance()).toEqual({ credits: 6, 'free-credits': 0 });
    });

    it('charges nothing for a job failed by the failure rate, nor for a v1 call that fails', async () => {
      const { call, submit, controls } = await start({ credits: 10, failureRate: 1 });
      const balance = async () => (await call('/v1/get-user-credits')).json();
      await submit('bria-erase-foreground', BRIA_INPUT);
      expect(await balance()).toEqual({ credits: 10, 'free-credits': 0 });
      const v1 = await call('/v1/background-eraser', {
        method: 'POST',
        body: JSON.stringify(ERASER_INPUT),
      });
      expect(v1.status).toBe(400);
      expect(await balance()).toEqual({ credits: 10, 'free-credits': 0 });
      // A scripted failure of a v1 call, likewise.
      await controls.failNext({ error: 'Input image flagged' });
      expect(
        (
          await call('/v1/background-eraser', {
            method: 'POST',
            body: JSON.stringify(ERASER_INPUT),
          })
        ).status,
      ).toBe(400);
      expect(await balance()).toEqual({ credits: 10, 'free-credits': 0 });
    });

    it('shows an unlimited key the constant balance of x-remaining-credits', async () => {
      const { call } = await start();
      expect(await (await call('/v1/get-user-credits')).json()).toEqual({
        credits: UNLIMITED_CREDITS,
        'free-credits': 0,
      });
    });

    it('answers 406 once the balance cannot pay for a job', async () => {
      const { call } = await start({ credits: 4 });
      // bria costs more than background-eraser; the balance runs out after one bria job.
      const first = await call('/v2/bria-erase-foreground', {
        method: 'POST',
        body: JSON.stringify(BRIA_INPUT),
      });
      expect(first.status).toBe(200);
      const second = await call('/v2/bria-erase-foreground', {
        method: 'POST',
        body: JSON.stringify(BRIA_INPUT),
      });
      expect(second.status).toBe(406);
      expect(typeof ((await second.json()) as { error: unknown }).error).toBe('string');
    });
  });

  describe('rate limit', () => {
    it('answers 429 with Retry-After past the free plan, and lets calls through a minute on', async () => {
      const { call, controls } = await start({ rateLimit: 'free' });
      for (let i = 0; i < 5; i++) {
        expect((await call('/v2/requests/x/status')).status).toBe(404);
      }
      const limited = await call('/v2/requests/x/status');
      expect(limited.status).toBe(429);
      const retryAfter = limited.headers.get('retry-after');
      expect(retryAfter).toMatch(/^\d+$/);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      expect(Number(retryAfter)).toBeLessThanOrEqual(60);
      await controls.advance(60_000);
      expect((await call('/v2/requests/x/status')).status).toBe(404);
    });

    it('limits each key by its own plan (free 5, pro 50), with the third-party rate headers', async () => {
      const { call } = await start({
        apiKeys: { 'free-key': { rateLimit: 'free' }, 'pro-key': { rateLimit: 'pro' } },
      });
      for (const [key, limit] of [
        ['free-key', 5],
        ['pro-key', 50],
      ] as const) {
        for (let i = 1; i <= limit; i++) {
          const served = await call('/v1/get-user-credits', { key });
          expect(served.status).toBe(200);
          expect(served.headers.get('x-rate-limit-remaining')).toBe(String(limit - i));
        }
        const limited = await call('/v1/get-user-credits', { key });
        expect(limited.status).toBe(429);
        expect(limited.headers.get('retry-after')).toBe('60');
        expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
        expect(limited.headers.get('x-rate-limit-reset-at-utc')).toBe(
          new Date(VIRTUAL_EPOCH + 60_000).toISOString().replace('.000Z', 'Z'),
        );
      }
    });
  });

  describe('faults', () => {
    it('injects a status N times on a path pattern, then answers normally', async () => {
      const { call, submit, controls } = await start();
      const job = await submit();
      await controls.fault({ method: 'GET', path: '/v2/requests/*', status: 503, times: 2 });
      expect((await call(job.status_url)).status).toBe(503);
      expect((await call(job.status_url)).status).toBe(503);
      expect((await call(job.status_url)).status).toBe(200);
    });

    it('injects a network error that the client sees as a failed fetch', async () => {
      const { call, submit, controls } = await start();
      const job = await submit();
      await controls.fault({ path: '/v2/requests/*', networkError: true, times: 1 });
      await expect(call(job.status_url)).rejects.toThrow(TypeError);
      expect((await call(job.status_url)).status).toBe(200);
    });
  });
}
