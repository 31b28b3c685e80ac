/**
 * The rules of the job lifecycle that no schema states, as pure functions of what was seen.
 * Live runs (`lifecycle.ts`, the checks) and recordings (`segmind-contract judge`) apply the
 * same ones, so a target is held to one contract whichever way its answers were gathered.
 */
import { specJobStates, specRetentionMs } from './spec-facts.js';
import type { ViolationKind } from './violations.js';

/** What a rule found wrong: the kind of rule broken and what was seen, in words. */
export interface Finding {
  kind: ViolationKind;
  message: string;
}

/**
 * How long Segmind stores a job's status and result: one hour after its submission (the spec's
 * `x-retention-ms` and behaviour `retention-from-submission`), whenever the job ended.
 */
export const RETENTION_MS = specRetentionMs();

/**
 * The rank of each state of a job, in the only order they may come (the spec's order). The last
 * two, COMPLETED and FAILED, are both final and share a rank.
 */
const JOB_STATES = specJobStates();
const FINAL_RANK = JOB_STATES.length - 2;
const RANK: Record<string, number> = Object.fromEntries(
  JOB_STATES.map((state, index) => [state, Math.min(index, FINAL_RANK)]),
);

/** Whether `state` is one of the four states of a job. */
export function isJobState(state: unknown): state is keyof typeof RANK {
  return typeof state === 'string' && state in RANK;
}

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
  const echoed = (body as { request_id?: unknown } | undefined)?.request_id;
  if (echoed === undefined || echoed === requestId) return undefined;
  return {
    kind: 'request-id-mismatch',
    message: `asked for ${requestId}, the body names ${JSON.stringify(echoed)}`,
  };
}

/** States only move forward: `state` may not come before `previous`, nor switch final states. */
export function stateFinding(previous: string | undefined, state: unknown): Finding | undefined {
  if (previous === undefined || !isJobState(state) || previous === state) return undefined;
  const back = (RANK[state] ?? 0) < (RANK[previous] ?? 0);
  const switched = RANK[state] === FINAL_RANK && RANK[previous] === FINAL_RANK;
  return back || switched
    ? { kind: 'state-regression', message: `state went from ${previous} to ${state}` }
    : undefined;
}

/** A FAILED job answers 422 with `status: "FAILED"` and an `error` string. */
export function failedBodyFinding(status: number, body: unknown): Finding | undefined {
  const json = body as { status?: unknown; error?: unknown } | undefined;
  if (status !== 422 && json?.status !== 'FAILED') return undefined;
  if (status === 422 && json?.status === 'FAILED' && typeof json.error === 'string') {
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
  const json = body as Record<string, unknown> | undefined;
  const state = json?.status;
  const findings: Finding[] = [];
  if (state === 'QUEUED' || state === 'PROCESSING') {
    for (const [name, want] of [
      ['status_url', expected.statusUrl],
      ['response_url', expected.responseUrl],
    ] as const) {
      const value = json?.[name];
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
    const time = (json?.metrics as { inference_time?: unknown } | undefined)?.inference_time;
    if (typeof time !== 'number') {
      findings.push({
        kind: 'status-body',
        message: `a COMPLETED status body has no metrics.inference_time in seconds (got ${JSON.stringify(json?.metrics)})`,
      });
    }
  }
  return findings;
}

/**
 * Retention, for an answer about a job `ageMs` after its submission: past the hour (and the
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
      message: `answered ${status} ${seconds} s after the submit; status and result are stored for 1 h (3600 s) after submission (expected 404)`,
    };
  }
  if (ageMs < RETENTION_MS - toleranceMs && status === 404) {
    return {
      kind: 'expired-early',
      message: `answered 404 ${seconds} s after the submit; status and result are stored for 1 h (3600 s) after submission`,
    };
  }
  return undefined;
}
