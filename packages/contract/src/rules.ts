/**
 * The rules of the job lifecycle that no schema states, as pure functions of what was seen.
 * Live runs (`lifecycle.ts`, the checks) and recordings (`segmind-contract judge`) apply the
 * same ones, so a target is held to one contract whichever way its answers were gathered.
 */
import { isJobState, JOB_STATES, type JobState, RETENTION_MS } from '@segmind-ts/spec';
import {
  bodyOf,
  type FailedBody,
  type JobBody,
  type MetricsBody,
  type Schemas,
  type StatusBody,
  type SubmitBody,
} from './bodies.js';
import type { ViolationKind } from './violations.js';

/** What a rule found wrong: the kind of rule broken and what was seen, in words. */
export interface Finding {
  kind: ViolationKind;
  message: string;
}

/** A state a job ends in: what a result body or a failed body says (COMPLETED, FAILED). */
export type FinalState = Schemas['ResultResponse']['status'] | Schemas['FailedResponse']['status'];

/** A state of a job still waiting (QUEUED, PROCESSING). */
export type WaitingState = Exclude<JobState, FinalState>;

/**
 * The rank of each state of a job, in the only order they may come (the spec's order,
 * `JOB_STATES`). The last two, COMPLETED and FAILED, are both final and share a rank.
 */
const FINAL_RANK = JOB_STATES.length - 2;
const RANK = new Map<string, number>(
  JOB_STATES.map((state, index) => [state, Math.min(index, FINAL_RANK)]),
);

/** The state every job starts in, the spec's first (what a submit answers). */
export const FIRST_STATE: JobState = JOB_STATES[0];

/** The state a body announces, when it is one of the job states. */
export function stateOf(body: unknown): JobState | undefined {
  const state = bodyOf<JobBody>(body).status;
  return isJobState(state) ? state : undefined;
}

/** Whether `state` is a state of a job still waiting. */
export function isWaiting(state: unknown): state is WaitingState {
  return isJobState(state) && (RANK.get(state) as number) < FINAL_RANK;
}

/** Whether `state` is a state a job ends in. */
export function isFinal(state: unknown): state is FinalState {
  return isJobState(state) && RANK.get(state) === FINAL_RANK;
}

const RETENTION_S = RETENTION_MS / 1000;
const RETENTION_HOURS = RETENTION_S / 3600;

/** How long status and result are kept after submission, in words: `1 h` (or in seconds). */
export const RETENTION_IN_WORDS = Number.isInteger(RETENTION_HOURS)
  ? `${RETENTION_HOURS} h`
  : `${RETENTION_S} s`;

/** The same with its seconds, as a finding says it: `1 h (3600 s)`. */
const RETENTION_IN_FULL = Number.isInteger(RETENTION_HOURS)
  ? `${RETENTION_IN_WORDS} (${RETENTION_S} s)`
  : RETENTION_IN_WORDS;

/**
 * A job URL (`status_url`, `response_url`, `poll_url`) must be an absolute http(s) URL on an
 * origin the client called: Segmind's SDK polls them exactly as given, with the key.
 */
export function jobUrlFinding(
  name: string,
  value: unknown,
  origins: readonly string[],
): Finding | undefined {
  if (typeof value !== 'string') return undefined; // a missing one is the schema's to report
  let url: URL | undefined;
  try {
    url = /^https?:\/\//i.test(value) ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url) {
    return { kind: 'relative-url', message: `${name} "${value}" is not an absolute http(s) URL` };
  }
  if (!origins.includes(url.origin)) {
    return {
      kind: 'foreign-origin',
      message: `${name} "${value}" is on ${url.origin}, not on the origin the client called (${origins.join(', ')})`,
    };
  }
  return undefined;
}

/** `poll_url` is the v1 poll endpoint of the job: `<origin>/v1/requests/{request_id}`. */
export function pollUrlFinding(
  value: unknown,
  requestId: string,
  origins: readonly string[],
): Finding | undefined {
  const url = jobUrlFinding('poll_url', value, origins);
  if (url || typeof value !== 'string') return url;
  const path = new URL(value).pathname;
  const expected = `/v1/requests/${encodeURIComponent(requestId)}`;
  return path === expected || decodeURIComponent(path) === `/v1/requests/${requestId}`
    ? undefined
    : { kind: 'job-url', message: `poll_url "${value}" is not the job's ${expected}` };
}

/** A status or result body names the job it was asked about, when it names one. */
export function echoFinding(requestId: string, body: unknown): Finding | undefined {
  const echoed = bodyOf<JobBody>(body).request_id;
  if (echoed === undefined || echoed === requestId) return undefined;
  return {
    kind: 'request-id-mismatch',
    message: `asked for ${requestId}, the body names ${JSON.stringify(echoed)}`,
  };
}

/** States only move forward: `state` may not come before `previous`, nor switch final states. */
export function stateFinding(previous: string | undefined, state: unknown): Finding | undefined {
  if (previous === undefined || !isJobState(state) || previous === state) return undefined;
  // A previous answer that named no job state ranks first: nothing comes before it.
  const back = (RANK.get(state) ?? 0) < (RANK.get(previous) ?? 0);
  const switched = RANK.get(state) === FINAL_RANK && RANK.get(previous) === FINAL_RANK;
  return back || switched
    ? { kind: 'state-regression', message: `state went from ${previous} to ${state}` }
    : undefined;
}

/** A FAILED job answers 422 with `status: "FAILED"` and an `error` string. */
export function failedBodyFinding(status: number, body: unknown): Finding | undefined {
  const failed = stateOf(body) === 'FAILED';
  if (status !== 422 && !failed) return undefined;
  if (status === 422 && failed && typeof bodyOf<FailedBody>(body).error === 'string') {
    return undefined;
  }
  return {
    kind: 'failed-body',
    message: `a FAILED job must answer 422 with status "FAILED" and an error string; got ${status} ${JSON.stringify(body)}`,
  };
}

/**
 * The status body, as Segmind's docs show it: while the job waits (QUEUED, PROCESSING) it carries
 * the job's `status_url` and `response_url` (those the submit gave, when `expected` knows them)
 * and `metrics` (empty); once COMPLETED, `metrics.inference_time` in seconds.
 */
export function statusBodyFindings(
  body: unknown,
  expected: { statusUrl?: string | undefined; responseUrl?: string | undefined } = {},
): Finding[] {
  const json = bodyOf<StatusBody>(body);
  const state = stateOf(json);
  const findings: Finding[] = [];
  if (isWaiting(state)) {
    // The URLs a waiting body repeats are the submit's: fields of both schemas.
    const urls = [
      ['status_url', expected.statusUrl],
      ['response_url', expected.responseUrl],
    ] as const satisfies readonly (readonly [keyof StatusBody & keyof SubmitBody, unknown])[];
    for (const [name, want] of urls) {
      const value = json[name];
      if (typeof value !== 'string') {
        findings.push({ kind: 'status-body', message: `a ${state} status body has no ${name}` });
      } else if (want !== undefined && value !== want) {
        findings.push({
          kind: 'status-body',
          message: `the ${state} status body's ${name} "${value}" is not the submit's "${want}"`,
        });
      }
    }
  }
  if (state === 'COMPLETED') {
    const time = bodyOf<MetricsBody>(json.metrics).inference_time;
    if (typeof time !== 'number') {
      findings.push({
        kind: 'status-body',
        message: `a COMPLETED status body has no metrics.inference_time in seconds (got ${JSON.stringify(json.metrics)})`,
      });
    }
  }
  return findings;
}

/**
 * Retention, for an answer about a job `ageMs` after its submission: past `RETENTION_MS` (and the
 * tolerance) the job must be gone (404); before it, it must still be there. `toleranceMs` allows
 * for the clocks that measured the age (a recording's `Date` headers are to the second).
 */
export function retentionFinding(
  ageMs: number,
  status: number,
  toleranceMs = 0,
): Finding | undefined {
  const seconds = Math.round(ageMs / 1000);
  if (ageMs >= RETENTION_MS + toleranceMs && (status === 200 || status === 202 || status === 422)) {
    return {
      kind: 'served-after-expiry',
      message: `answered ${status} ${seconds} s after the submit; status and result are stored for ${RETENTION_IN_FULL} after submission (expected 404)`,
    };
  }
  if (ageMs < RETENTION_MS - toleranceMs && status === 404) {
    return {
      kind: 'expired-early',
      message: `answered 404 ${seconds} s after the submit; status and result are stored for ${RETENTION_IN_FULL} after submission`,
    };
  }
  return undefined;
}
