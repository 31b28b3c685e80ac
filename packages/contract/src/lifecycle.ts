import { bodyOf, type JobBody, type SubmitBody } from './bodies.js';
import type { CheckContext } from './context.js';
import type { ContractAnswer } from './exchange.js';
import {
  echoFinding,
  FIRST_STATE,
  type FinalState,
  type Finding,
  failedBodyFinding,
  isWaiting,
  jobUrlFinding,
  pollUrlFinding,
  stateFinding,
  stateOf,
  statusBodyFindings,
} from './rules.js';
import { isPng } from './validator.js';

/** A submitted job as the suite follows it. */
export interface SubmittedJob {
  requestId: string;
  statusUrl: string;
  responseUrl: string;
  /** The v1 poll endpoint the submit gave (`poll_url`), when it is one the suite may follow. */
  pollUrl?: string;
}

/** How a followed job ended. */
export interface FollowedJob extends SubmittedJob {
  /** The final state, or undefined when the job did not end within the allowed wait. */
  final: FinalState | undefined;
  /** Every distinct state seen, in order (as the target wrote them, job states or not). */
  states: string[];
  /** The last status answer. */
  last: ContractAnswer | undefined;
}

/** Virtual time between two polls when the suite drives the clock. */
const VIRTUAL_STEP_MS = 250;
/** Time between two polls when time passes for real, as the official SDK polls (on a mock's
 * real clock at speed N, this is the mock's time: 1 s / N of wall time). */
const REAL_STEP_MS = 1_000;
/** Wait after a 429 without a usable `Retry-After`. */
const RATE_LIMIT_WAIT_MS = 10_000;
/** Longest virtual time a job may take: far beyond any documented processing time. */
const VIRTUAL_LIMIT_MS = 30 * 60_000;

/** Records what a rule found, against the answer that showed it. */
function report(ctx: CheckContext, finding: Finding | undefined, answer: ContractAnswer) {
  if (finding) ctx.violation(finding.kind, finding.message, answer);
}

/**
 * Reads a submit answer: validates its job URLs and returns where to poll. A relative, missing
 * or foreign URL is recorded, and the suite falls back to the documented paths on the base URL
 * so it can go on finding other violations.
 */
export function readSubmit(ctx: CheckContext, answer: ContractAnswer): SubmittedJob | undefined {
  const body = bodyOf<SubmitBody>(answer.json);
  if (typeof body.request_id !== 'string' || body.request_id === '') return undefined;
  ctx.requestId(body.request_id);
  report(ctx, jobUrlFinding('status_url', body.status_url, ctx.origins), answer);
  report(ctx, jobUrlFinding('response_url', body.response_url, ctx.origins), answer);
  const pollUrlProblem = pollUrlFinding(body.poll_url, body.request_id, ctx.origins);
  report(ctx, pollUrlProblem, answer);
  const id = encodeURIComponent(body.request_id);
  // A URL on another origin is not followed: the suite would send the API key there.
  const absolute = (value: unknown, fallback: string) => {
    if (typeof value !== 'string' || !/^https?:\/\//i.test(value)) return fallback;
    return URL.canParse(value) && ctx.origins.includes(new URL(value).origin) ? value : fallback;
  };
  return {
    requestId: body.request_id,
    statusUrl: absolute(body.status_url, `/v2/requests/${id}/status`),
    responseUrl: absolute(body.response_url, `/v2/requests/${id}`),
    ...(typeof body.poll_url === 'string' && !pollUrlProblem ? { pollUrl: body.poll_url } : {}),
  };
}

/** Records a request id that does not echo the one asked for. */
function checkEcho(ctx: CheckContext, job: SubmittedJob, answer: ContractAnswer) {
  report(ctx, echoFinding(job.requestId, answer.json), answer);
}

/** Records a state that comes before one already seen, and notes each new one. */
function observe(ctx: CheckContext, states: string[], answer: ContractAnswer) {
  const state = bodyOf<JobBody>(answer.json).status;
  if (typeof state !== 'string') return;
  report(ctx, stateFinding(states.at(-1), state), answer);
  if (states.at(-1) !== state) states.push(state);
}

/** Records what a status body lacks, by the state it announces. */
function checkStatusBody(ctx: CheckContext, job: SubmittedJob, answer: ContractAnswer) {
  // Only URLs the submit gave are compared; a fallback the suite built proves nothing.
  const given = (url: string) => (/^https?:\/\//i.test(url) ? url : undefined);
  const expected = { statusUrl: given(job.statusUrl), responseUrl: given(job.responseUrl) };
  for (const finding of statusBodyFindings(answer.json, expected)) report(ctx, finding, answer);
}

/**
 * Polls a job's `status_url` until it is COMPLETED or FAILED, checking on the way that states
 * only move forward, that every body names the job, that a waiting body carries the job's URLs
 * and a completed one its compute time, that FAILED comes as 422, and (once, while the job is
 * pending) that the result endpoint answers 202 with a pending body and that the v1 `poll_url`
 * answers as the status endpoint does.
 */
export async function followJob(ctx: CheckContext, job: SubmittedJob): Promise<FollowedJob> {
  const states: string[] = [FIRST_STATE];
  // Times below are the target's: `ctx.wait` turns them into real time on a real clock.
  const step = ctx.time.controlled ? VIRTUAL_STEP_MS : REAL_STEP_MS;
  const limit = ctx.time.controlled ? VIRTUAL_LIMIT_MS : ctx.maxWaitMs * ctx.time.speed;
  let waited = 0;
  let pendingResultChecked = false;
  let last: ContractAnswer | undefined;
  for (;;) {
    const answer = await ctx.send({ method: 'GET', url: job.statusUrl });
    last = answer;
    if (answer.status === 429 && waited < limit) {
      // A documented answer (a real plan allows about 5 calls a minute): back off and go on.
      const seconds = Number(answer.headers.get('retry-after'));
      const pause = Number.isInteger(seconds) && seconds >= 0 ? seconds * 1000 : RATE_LIMIT_WAIT_MS;
      ctx.note(`rate limited while polling; waited ${pause} ms`);
      await ctx.wait(pause);
      waited += pause;
      continue;
    }
    if (!ctx.expectStatus(answer, [200, 422])) {
      return { ...job, final: undefined, states, last };
    }
    checkEcho(ctx, job, answer);
    observe(ctx, states, answer);
    const state = stateOf(answer.json);
    if (answer.status === 422 || state === 'FAILED') {
      report(ctx, failedBodyFinding(answer.status, answer.json), answer);
      return { ...job, final: 'FAILED', states, last };
    }
    checkStatusBody(ctx, job, answer);
    if (state === 'COMPLETED') return { ...job, final: 'COMPLETED', states, last };
    if (!pendingResultChecked && isWaiting(state)) {
      pendingResultChecked = true;
      const pending = await ctx.send({ method: 'GET', url: job.responseUrl });
      // The job may have moved on between the two calls; a final answer is fine then.
      if (ctx.expectStatus(pending, [202, 200, 422])) {
        checkEcho(ctx, job, pending);
        observe(ctx, states, pending);
      }
      if (job.pollUrl) {
        // Segmind does not document the v1 poll's body; the spec assumes the status endpoint's.
        const v1 = await ctx.send({ method: 'GET', url: job.pollUrl });
        if (ctx.expectStatus(v1, [200, 422])) {
          checkEcho(ctx, job, v1);
          observe(ctx, states, v1);
        }
      }
    }
    if (waited >= limit) {
      ctx.violation(
        'timeout',
        `job ${job.requestId} was still ${String(bodyOf<JobBody>(answer.json).status)} after ${Math.round(limit / 1000)} s${ctx.time.speed === 1 ? '' : ` of the target's clock (×${ctx.time.speed})`}`,
        answer,
      );
      return { ...job, final: undefined, states, last };
    }
    await ctx.wait(step);
    waited += step;
  }
}

/** Fetches a completed job's result and checks that it names the job. */
export async function fetchResult(
  ctx: CheckContext,
  job: SubmittedJob,
): Promise<ContractAnswer | undefined> {
  const answer = await ctx.send({ method: 'GET', url: job.responseUrl });
  if (!ctx.expectStatus(answer, 200)) return undefined;
  checkEcho(ctx, job, answer);
  return answer;
}

/**
 * Fetches a result's `output` URL without the API key (Segmind's media URLs are public) and
 * checks that it serves a PNG. The URL is fetched as given, not through a proxy: it is a media
 * URL, which no operation of the spec covers.
 */
export async function checkOutput(ctx: CheckContext, output: unknown): Promise<boolean> {
  if (typeof output !== 'string') return false;
  const answer = await ctx.send({
    method: 'GET',
    url: output,
    apiKey: null,
    validate: false,
    direct: true,
  });
  if (answer.status === 0) return false;
  const problems: string[] = [];
  if (answer.status !== 200) problems.push(`status ${answer.status}`);
  if (answer.contentType !== 'image/png')
    problems.push(`content type "${answer.contentType || 'none'}"`);
  if (!isPng(answer.bytes)) problems.push('bytes that are not a PNG');
  if (problems.length > 0) {
    ctx.violation(
      'output-not-png',
      `output ${output}, fetched without the API key, came with ${problems.join(', ')}`,
      answer,
    );
    return false;
  }
  return true;
}
