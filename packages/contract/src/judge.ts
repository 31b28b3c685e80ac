/**
 * `segmind-contract judge`: judges a recording (a HAR of real traffic) against the spec, with the
 * validator and the lifecycle rules of live runs, and weighs each assumption of the spec.
 */
import { isJobState } from '@segmind-ts/spec';
import { type AssumptionVerdict, weighAssumptions } from './assumptions.js';
import { bodyOf, type JobBody, type SubmitBody } from './bodies.js';
import { listSpecFacts } from './facts.js';
import type { HarDocument } from './har.js';
import { type RecordedExchange, type RecordedJob, readRecording } from './recording.js';
import {
  echoFinding,
  FIRST_STATE,
  type Finding,
  failedBodyFinding,
  jobUrlFinding,
  pollUrlFinding,
  retentionFinding,
  stateFinding,
  statusBodyFindings,
} from './rules.js';
import { loadBundledSpec, type OpenApiDocument } from './spec.js';
import { createResponseValidator } from './validator.js';
import type { Violation } from './violations.js';

/** Options of {@link judgeRecording}. */
export interface JudgeOptions {
  /**
   * The spec to judge against; defaults to `@segmind-ts/spec/openapi.json`. Its schemas judge the
   * answers and its facts are weighed; the lifecycle rules (the job states, the retention) are
   * those of the spec this kit was released with.
   */
  spec?: OpenApiDocument;
  /**
   * How far from the retention after a submit an answer may fall and still not count against the
   * retention rule, in ms. Default 3 s: `Date` headers are to the second.
   */
  toleranceMs?: number;
}

/** What the judge found in a recording. */
export interface JudgeReport {
  /** True exactly when no answer broke what the spec documents. */
  ok: boolean;
  /** The clock the times were read on. */
  clock: 'server Date headers' | 'recording timestamps';
  /** The origins the recording called. */
  origins: string[];
  totals: {
    exchanges: number;
    /** Answers of an operation of the spec, judged by the validator. */
    judged: number;
    /** Output images fetched. */
    outputs: number;
    /** Requests that got no answer. */
    unanswered: number;
    /** Exchanges no operation of the spec covers (not judged). */
    outside: number;
    jobs: number;
  };
  /** v2 jobs per model. */
  models: Record<string, number>;
  /** What broke a documented fact: the validator's findings and the lifecycle rules'. */
  violations: Violation[];
  /** Each assumption of the spec: confirmed, contradicted, or not exercised. */
  assumptions: AssumptionVerdict[];
}

const DEFAULT_TOLERANCE_MS = 3_000;

const absolute = (value: unknown) =>
  typeof value === 'string' && /^https?:\/\//i.test(value) ? value : undefined;

/** The lifecycle rules of live runs, applied to one recorded job. */
function jobViolations(job: RecordedJob, toleranceMs: number): Violation[] {
  const found: Violation[] = [];
  const add = (e: RecordedExchange, finding: Finding | undefined) => {
    if (finding) found.push({ ...finding, exchange: `#${e.entry} ${e.method} ${e.url}` });
  };
  const body = bodyOf<SubmitBody>(job.submit.json);
  const origins = [job.submit.origin];
  add(job.submit, jobUrlFinding('status_url', body.status_url, origins));
  add(job.submit, jobUrlFinding('response_url', body.response_url, origins));
  add(job.submit, pollUrlFinding(body.poll_url, job.requestId, origins));
  const expected = {
    statusUrl: absolute(body.status_url),
    responseUrl: absolute(body.response_url),
  };
  let previous: string | undefined = FIRST_STATE;
  for (const e of job.exchanges) {
    if (e.status === 0 || e.kind === 'output') continue;
    add(e, retentionFinding(e.at - job.submit.at, e.status, toleranceMs));
    if (e.status !== 200 && e.status !== 202 && e.status !== 422) continue;
    add(e, echoFinding(job.requestId, e.json));
    const state = bodyOf<JobBody>(e.json).status;
    add(e, stateFinding(previous, state));
    if (isJobState(state)) previous = state;
    add(e, failedBodyFinding(e.status, e.json));
    if (e.kind === 'status' && e.status === 200) {
      for (const finding of statusBodyFindings(e.json, expected)) add(e, finding);
    }
  }
  return found;
}

/**
 * Judges a recording: each answer against the spec's validator, each v2 job against the
 * lifecycle rules (job URLs, states, echoed ids, FAILED as 422, the status body, retention from
 * submission), and each assumption of the spec (see `weighAssumptions`).
 */
export function judgeRecording(har: HarDocument, options: JudgeOptions = {}): JudgeReport {
  const spec = options.spec ?? loadBundledSpec();
  const toleranceMs = options.toleranceMs ?? DEFAULT_TOLERANCE_MS;
  const recording = readRecording(har, {
    strict: createResponseValidator({ spec }),
    lenient: createResponseValidator({ spec, checkBinaryBodies: false }),
  });
  const stateful = recording.jobs.flatMap((job) => jobViolations(job, toleranceMs));
  const { verdicts, claimed } = weighAssumptions(listSpecFacts(spec), recording, toleranceMs);
  const validated = recording.exchanges.flatMap((e) => e.violations).filter((v) => !claimed.has(v));
  const violations = [...validated, ...stateful].sort(
    (a, b) =>
      Number(a.exchange?.slice(1).split(' ')[0]) - Number(b.exchange?.slice(1).split(' ')[0]),
  );
  const models: Record<string, number> = {};
  for (const job of recording.jobs) models[job.model] = (models[job.model] ?? 0) + 1;
  const exchanges = recording.exchanges;
  return {
    ok: violations.length === 0,
    clock: recording.clock,
    origins: [...new Set(exchanges.map((e) => e.origin))],
    totals: {
      exchanges: exchanges.length,
      judged: exchanges.filter((e) => e.operationId !== undefined && e.status !== 0).length,
      outputs: exchanges.filter((e) => e.kind === 'output').length,
      unanswered: exchanges.filter((e) => e.status === 0).length,
      outside: exchanges.filter((e) => e.operationId === undefined && e.kind !== 'output').length,
      jobs: recording.jobs.length,
    },
    models,
    violations,
    assumptions: verdicts,
  };
}

const MARK = {
  confirmed: 'CONFIRMED    ',
  contradicted: 'CONTRADICTED ',
  'not exercised': 'NOT EXERCISED',
};

/** The report as the CLI prints it. */
export function formatJudgeReport(report: JudgeReport, file?: string): string {
  const t = report.totals;
  const models = Object.entries(report.models)
    .map(([model, count]) => `${model} ${count}`)
    .join(', ');
  const lines = [
    `segmind-contract judge${file ? ` ${file}` : ''}`,
    `  ${t.exchanges} exchanges with ${report.origins.join(', ') || 'no origin'}: ${t.judged} judged against the spec, ${t.outputs} output download(s), ${t.outside} outside the spec, ${t.unanswered} without an answer`,
    `  ${t.jobs} v2 job(s)${models ? ` (${models})` : ''}; times read on the ${report.clock}`,
    '',
  ];
  if (report.violations.length === 0) {
    lines.push('Documented facts: no violation');
  } else {
    lines.push(`Documented facts: ${report.violations.length} violation(s)`);
    for (const violation of report.violations) {
      lines.push(`  ✗ [${violation.kind}] ${violation.message}`);
      if (violation.exchange) lines.push(`    at ${violation.exchange}`);
    }
  }
  const count = (outcome: AssumptionVerdict['outcome']) =>
    report.assumptions.filter((a) => a.outcome === outcome).length;
  lines.push(
    '',
    `Assumptions (${report.assumptions.length}): ${count('confirmed')} confirmed, ${count('contradicted')} contradicted, ${count('not exercised')} not exercised`,
  );
  for (const outcome of ['contradicted', 'confirmed', 'not exercised'] as const) {
    for (const verdict of report.assumptions.filter((a) => a.outcome === outcome)) {
      lines.push(`  ${MARK[outcome]} ${verdict.where} [${verdict.sources.join(', ')}]`);
      lines.push(`      ${verdict.evidence}`);
      if (outcome === 'not exercised' && verdict.confirmBy) {
        lines.push(`      to confirm: ${verdict.confirmBy}`);
      }
    }
  }
  return lines.join('\n');
}
