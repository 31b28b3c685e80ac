/**
 * A recorded scenario without network: `@segmind-ts/client` run through `segmind-mock record`
 * against an upstream on loopback, covering both models (v1 and v2), a job that fails, a job
 * that expires, a rate limit, an unknown id and a bad key. The upstream's virtual clock is moved
 * through its control API, never through the proxy, so the recording holds API traffic only.
 * Used by the tests and by `pnpm record:example`, which keeps its HAR as an example.
 */
import {
  AuthenticationError,
  InferenceFailed,
  NotFoundError,
  RateLimitError,
  ResultPendingError,
  Segmind,
} from '@segmind-ts/client';
import { startRecordingProxy } from '@segmind-ts/mock/record';

/** Keys the example upstream knows: a pro plan with 100 credits, a free plan with 5. */
export const SCENARIO_KEYS = {
  pro: 'example-pro-key',
  free: 'example-free-key',
} as const;

/** The upstream a scenario records: where it listens, and how to move its clock. */
export interface ScenarioUpstream {
  url: string;
  /** Moves the upstream's virtual clock (through its control API). */
  advance(ms: number): Promise<void>;
  /** Makes the next job of a model end FAILED (through its control API). */
  failNext(model: string, error: string): Promise<void>;
}

/** An upstream of the scenario, reached over its HTTP control API (`/__mock/`). */
export function controlledUpstream(url: string): ScenarioUpstream {
  const control = async (path: string, body: unknown) => {
    const response = await fetch(`${url}/__mock/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`control ${path}: ${response.status} ${await response.text()}`);
  };
  return {
    url,
    advance: (ms) => control('clock/advance', { ms }),
    failNext: (model, error) => control('outcomes', { model, status: 'FAILED', error, times: 1 }),
  };
}

const ERASER = {
  image: 'https://segmind-sd-models.s3.amazonaws.com/display_images/background-eraser-ip.png',
  return_mask: false,
} as const;
const BRIA = {
  image: 'https://segmind-sd-models.s3.amazonaws.com/display_images/bria-erase-foreground-ip.jpg',
} as const;

/** What the scenario did, step by step, for whoever reads the recording. */
export type ScenarioLog = string[];

/**
 * Runs the scenario through a recording proxy in front of `upstream`, writing `out`. Answers the
 * steps taken and what the client saw at each.
 */
export async function recordScenario(
  upstream: ScenarioUpstream,
  out: string,
  options: { maxRequests?: number } = {},
): Promise<{ log: ScenarioLog; recorded: number }> {
  const proxy = await startRecordingProxy({
    upstream: upstream.url,
    out,
    maxRequests: options.maxRequests ?? 80,
    version: 'example',
  });
  const log: ScenarioLog = [];
  const note = (line: string) => void log.push(line);
  // Retries off: every request the client makes is one the recording shows.
  const segmind = new Segmind({ apiKey: SCENARIO_KEYS.pro, baseUrl: proxy.url, maxRetries: 0 });
  try {
    note(`balance: ${JSON.stringify(await segmind.credits())}`);

    const png = await segmind.runSync('background-eraser', ERASER);
    note(
      `v1 background-eraser: ${png.contentType}, ${png.image.byteLength} bytes, credits left ${png.remainingCredits}, x-request-id ${png.requestId}`,
    );
    const base64 = await segmind.runSync('background-eraser', { ...ERASER, base64: true });
    note(`v1 background-eraser base64: ${base64.image.length} characters`);
    const bria = await segmind.runSync('bria-erase-foreground', BRIA);
    note(`v1 bria-erase-foreground: ${bria.contentType}, credits left ${bria.remainingCredits}`);

    for (const [model, input, processingMs] of [
      ['background-eraser', ERASER, 3_000],
      ['bria-erase-foreground', BRIA, 12_000],
    ] as const) {
      const job = await segmind.submitAsync(model, input);
      note(`v2 ${model}: submitted ${job.requestId}`);
      note(`  status: ${(await job.status()).status}`);
      const pending = await job.result().catch((error: unknown) => error);
      note(
        `  result while queued: ${pending instanceof ResultPendingError ? '202 pending' : String(pending)}`,
      );
      const v1 = await segmind.raw.GET('/v1/requests/{request_id}', {
        params: { path: { request_id: job.requestId } },
      });
      note(`  poll_url (v1): ${v1.response.status} ${v1.data?.status}`);
      await upstream.advance(1_000);
      note(`  status: ${(await job.status()).status}`);
      await upstream.advance(processingMs);
      const result = await job.wait();
      const output = await segmind.downloadOutput(result);
      note(`  COMPLETED in ${result.metrics.inference_time} s; output ${output.byteLength} bytes`);
    }

    await upstream.failNext(
      'bria-erase-foreground',
      'Output image flagged by visual content moderation',
    );
    const before = await segmind.credits();
    const failing = await segmind.submitAsync('bria-erase-foreground', {
      ...BRIA,
      visual_output_content_moderation: true,
    });
    await upstream.advance(13_000);
    const failure = await failing.wait().catch((error: unknown) => error);
    note(
      `v2 failure: ${failure instanceof InferenceFailed ? `InferenceFailed: ${failure.detail}` : String(failure)}`,
    );
    const v1Failed = await segmind.raw.GET('/v1/requests/{request_id}', {
      params: { path: { request_id: failing.requestId } },
    });
    note(`  poll_url (v1) of the failed job: ${v1Failed.response.status}`);
    const after = await segmind.credits();
    note(`  balance before ${before.credits}, after ${after.credits}`);

    // bria runs 13 s: a service counting the hour from the end would still serve it 1 h 5 s after
    // the submit, where Segmind's documented retention (from the submit) has it gone.
    const expiring = await segmind.submitAsync('bria-erase-foreground', {
      ...BRIA,
      preserve_alpha: false,
    });
    await upstream.advance(13_000);
    const kept = await expiring.wait();
    await segmind.downloadOutput(kept);
    note(`v2 expiry: ${expiring.requestId} COMPLETED 13 s after its submit`);
    await upstream.advance(60 * 60_000 - 60_000 - 13_000);
    const late = await segmind.job(expiring.requestId).status();
    note(
      `  59 min after the submit: ${late.status}, output ${(await segmind.downloadOutput(kept)).byteLength} bytes`,
    );
    await upstream.advance(60_000 + 5_000);
    const gone = await segmind
      .job(expiring.requestId)
      .status()
      .catch((error: unknown) => error);
    note(
      `  1 h 5 s after the submit: ${gone instanceof NotFoundError ? `404 ${gone.error}` : String(gone)}`,
    );
    const goneResult = await segmind
      .job(expiring.requestId)
      .result()
      .catch((error: unknown) => error);
    note(`  its result: ${(goneResult as NotFoundError).status}`);
    const goneOutput = await segmind.downloadOutput(kept).catch((error: unknown) => error);
    note(`  its output: ${(goneOutput as NotFoundError).status}`);

    const free = new Segmind({ apiKey: SCENARIO_KEYS.free, baseUrl: proxy.url, maxRetries: 0 });
    for (let call = 1; call <= 6; call++) {
      const answer = await free.credits().catch((error: unknown) => error);
      if (answer instanceof RateLimitError) {
        note(`free plan: call ${call} rate limited, retry after ${answer.retryAfterMs} ms`);
      }
    }
    const unknown = await segmind
      .job('no-such-request')
      .status()
      .catch((error: unknown) => error);
    note(`unknown request id: ${(unknown as NotFoundError).status}`);
    const stranger = new Segmind({ apiKey: 'not-a-key', baseUrl: proxy.url, maxRetries: 0 });
    const refused = await stranger.credits().catch((error: unknown) => error);
    note(
      `unknown key: ${refused instanceof AuthenticationError ? `401 ${refused.error}` : String(refused)}`,
    );
  } finally {
    await proxy.close();
  }
  return { log, recorded: proxy.recorded() };
}
