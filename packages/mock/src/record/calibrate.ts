/**
 * Queue and processing times per model, measured from a recording (`segmind-mock record`, or
 * any HAR of Segmind's v2 API), for the simulator's `timings` option.
 *
 * How it estimates, per job, as the polls saw it:
 * - queue: from the submit to the first answer that showed the job past QUEUED (PROCESSING, or a
 *   final state less its `metrics.inference_time`). Polls see a change late, never early, so
 *   this is what a client waits at most; the earliest it can have been (the last answer that
 *   still said QUEUED) is reported beside it.
 * - processing: the job's own `metrics.inference_time` (Segmind's compute time) when the
 *   recording has it, else from the first PROCESSING answer to the first final one.
 * Per model, the median over its jobs. Times are read on the server's clock (its `Date` headers)
 * when it does not run with this machine's (a mock on a virtual clock), else on the recording's
 * own timestamps, which are finer.
 */
import type { ModelTiming, TimingsOptions } from '../core/timings.js';
import { type Har, type HarEntry, harHeader } from './har.js';

/** The calibration of one model. */
export interface ModelCalibration {
  model: string;
  /** Jobs it was measured from. */
  jobs: number;
  queueMs: number;
  /** The earliest and latest the median job can have left the queue, as the polls bracket it. */
  queueRangeMs: [number, number];
  processingMs: number;
  /** Where the processing time comes from. */
  processingFrom: 'metrics.inference_time' | 'polls';
}

/** What a recording says about the timings. */
export interface Calibration {
  /** The `timings` option for the simulator. */
  timings: TimingsOptions;
  models: ModelCalibration[];
  /** Which clock the times were read on. */
  clock: 'server Date headers' | 'recording timestamps';
  /** v2 jobs found, and those that could be measured. */
  jobsFound: number;
}

/**
 * A server whose `Date` strays from the recording's timestamps by more than this, or whose
 * offsets spread wider, keeps its own time (a mock on a virtual clock): its `Date` is then the
 * clock to read. Otherwise the recording's timestamps are, being finer than `Date`'s seconds.
 */
const OWN_CLOCK_MS = 5_000;

interface Observation {
  at: number;
  state: string;
  inferenceSeconds?: number;
}

interface JobTrace {
  model: string;
  submittedAt: number;
  seen: Observation[];
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : Math.round(((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2);
};

/** Each entry's time on the chosen clock. */
function clockOf(entries: readonly HarEntry[]): {
  time: (entry: HarEntry) => number;
  clock: Calibration['clock'];
} {
  const offsets: number[] = [];
  for (const entry of entries) {
    const date = Date.parse(harHeader(entry.response.headers ?? [], 'date') ?? '');
    if (!Number.isNaN(date)) offsets.push(date - Date.parse(entry.startedDateTime));
  }
  const spread = offsets.length ? Math.max(...offsets) - Math.min(...offsets) : 0;
  const typical = offsets.length ? median(offsets) : 0;
  if (offsets.length === 0 || (spread <= OWN_CLOCK_MS && Math.abs(typical) <= OWN_CLOCK_MS)) {
    return { time: (entry) => Date.parse(entry.startedDateTime), clock: 'recording timestamps' };
  }
  return {
    time: (entry) => {
      const date = Date.parse(harHeader(entry.response.headers ?? [], 'date') ?? '');
      return Number.isNaN(date) ? Date.parse(entry.startedDateTime) + typical : date;
    },
    clock: 'server Date headers',
  };
}

function jsonOf(entry: HarEntry): Record<string, unknown> | undefined {
  const text = entry.response.content?.text;
  if (typeof text !== 'string') return undefined;
  try {
    const value = JSON.parse(text);
    return value && typeof value === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The jobs of a recording and what each answer about them showed. */
function traceJobs(har: Har, time: (entry: HarEntry) => number): Map<string, JobTrace> {
  const jobs = new Map<string, JobTrace>();
  for (const entry of har.log.entries) {
    let path: string;
    try {
      path = new URL(entry.request.url).pathname;
    } catch {
      continue;
    }
    const body = jsonOf(entry);
    const submit = /^(?:.*)\/v2\/([^/]+)$/.exec(path);
    if (
      entry.request.method === 'POST' &&
      submit &&
      submit[1] !== 'requests' &&
      entry.response.status === 200 &&
      typeof body?.request_id === 'string'
    ) {
      jobs.set(body.request_id, { model: submit[1] as string, submittedAt: time(entry), seen: [] });
      continue;
    }
    const about = /\/v2\/requests\/([^/]+)(?:\/status)?$|\/v1\/requests\/([^/]+)$/.exec(path);
    const id = about && decodeURIComponent((about[1] ?? about[2]) as string);
    const job = id ? jobs.get(id) : undefined;
    if (!job || entry.request.method !== 'GET' || typeof body?.status !== 'string') continue;
    const metrics = body.metrics as { inference_time?: unknown } | undefined;
    job.seen.push({
      at: time(entry),
      state: body.status,
      ...(typeof metrics?.inference_time === 'number'
        ? { inferenceSeconds: metrics.inference_time }
        : {}),
    });
  }
  return jobs;
}

/** One job's queue bracket and processing time, when its answers tell them. */
function measure(job: JobTrace) {
  const ended = job.seen.find((o) => o.state === 'COMPLETED' || o.state === 'FAILED');
  const inference = job.seen.find((o) => o.inferenceSeconds !== undefined)?.inferenceSeconds;
  const started = job.seen.find((o) => o.state === 'PROCESSING');
  const lastQueued = job.seen.filter((o) => o.state === 'QUEUED').at(-1);
  const processingMs =
    inference !== undefined
      ? Math.round(inference * 1000)
      : started && ended
        ? ended.at - started.at
        : undefined;
  let queueMs: number | undefined;
  if (started) queueMs = started.at - job.submittedAt;
  else if (ended && inference !== undefined) {
    queueMs = Math.max(0, ended.at - job.submittedAt - Math.round(inference * 1000));
  }
  if (queueMs === undefined || processingMs === undefined) return undefined;
  const earliest = lastQueued ? Math.min(queueMs, lastQueued.at - job.submittedAt) : 0;
  return {
    queueMs: Math.max(0, queueMs),
    earliestMs: Math.max(0, earliest),
    processingMs: Math.max(0, processingMs),
    fromMetrics: inference !== undefined,
  };
}

/**
 * Calibrates queue and processing times per model from a recording (see the module notes for
 * how). Models without a measurable job are left out; `timings.models` holds the others.
 */
export function calibrateTimings(har: Har): Calibration {
  const { time, clock } = clockOf(har.log.entries);
  const jobs = traceJobs(har, time);
  const byModel = new Map<string, NonNullable<ReturnType<typeof measure>>[]>();
  for (const job of jobs.values()) {
    const measured = measure(job);
    if (!measured) continue;
    const list = byModel.get(job.model) ?? [];
    list.push(measured);
    byModel.set(job.model, list);
  }
  const models: ModelCalibration[] = [...byModel]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([model, list]) => ({
      model,
      jobs: list.length,
      queueMs: median(list.map((m) => m.queueMs)),
      queueRangeMs: [median(list.map((m) => m.earliestMs)), median(list.map((m) => m.queueMs))],
      processingMs: median(list.map((m) => m.processingMs)),
      processingFrom: list.every((m) => m.fromMetrics) ? 'metrics.inference_time' : 'polls',
    }));
  const timings: TimingsOptions = {
    models: Object.fromEntries(
      models.map((m): [string, ModelTiming] => [
        m.model,
        { queueMs: m.queueMs, processingMs: m.processingMs },
      ]),
    ),
  };
  return { timings, models, clock, jobsFound: jobs.size };
}

/** The calibration in a few lines, for a terminal. */
export function formatCalibration(calibration: Calibration, source: string): string {
  const lines = [
    `timings from ${source} (${calibration.models.reduce((n, m) => n + m.jobs, 0)} of ${calibration.jobsFound} v2 jobs measured, on the ${calibration.clock}):`,
  ];
  for (const m of calibration.models) {
    lines.push(
      `  ${m.model}: queue ${m.queueMs} ms (left it between ${m.queueRangeMs[0]} and ${m.queueRangeMs[1]} ms), processing ${m.processingMs} ms (${m.processingFrom}); median of ${m.jobs} job(s)`,
    );
  }
  if (calibration.models.length === 0) {
    lines.push('  no v2 job with enough polls to measure: the default timings stay');
  }
  return `${lines.join('\n')}\n`;
}
