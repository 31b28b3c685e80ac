/**
 * A recording read for judging: every exchange of a HAR with its answer parsed and judged by the
 * spec's validator, its time on the server's clock, and the v2 jobs it followed.
 */
import { bodyOf, type ResultBody, type SubmitBody } from './bodies.js';
import { type HarDocument, type HarEntry, harBodyBytes, harHeaders } from './har.js';
import { matchOperation } from './operations.js';
import { mediaType, type ResponseValidator } from './validator.js';
import type { Violation } from './violations.js';

/** What an exchange was, by its method and path. */
export type ExchangeKind =
  | 'submit'
  | 'sync'
  | 'status'
  | 'result'
  | 'v1-poll'
  | 'credits'
  | 'output'
  | 'other';

/** One recorded request and its answer. */
export interface RecordedExchange {
  /** Its place in the HAR, from 1. */
  entry: number;
  kind: ExchangeKind;
  method: string;
  url: string;
  origin: string;
  /** 0 when no answer came. */
  status: number;
  /** Why no answer came. */
  error?: string;
  headers: Headers;
  contentType: string;
  // biome-ignore lint/suspicious/noExplicitAny: bodies are read by key
  json: any;
  /** The body bytes the recording kept (all, or the first ones of an omitted image). */
  bytes?: Uint8Array;
  /** Whether the request carried an API key (its value is never in a recording). */
  sentKey: boolean;
  /** When it happened, in ms, on the clock of {@link Recording.clock}. */
  at: number;
  /** The spec operation it answered, when one matches. */
  operationId?: string;
  /** The job it was about (its `request_id`), for status, result, v1 poll and output. */
  requestId?: string;
  /** The model, for a submit or a v1 call. */
  model?: string;
  /** What the spec's validator found wrong with the answer. */
  violations: Violation[];
}

/** A v2 job the recording followed. */
export interface RecordedJob {
  requestId: string;
  model: string;
  submit: RecordedExchange;
  /** The job's later exchanges (status, result, v1 poll, output), in order. */
  exchanges: RecordedExchange[];
  /** Output URLs its results named. */
  outputs: string[];
}

/** A recording, read. */
export interface Recording {
  exchanges: RecordedExchange[];
  jobs: RecordedJob[];
  /**
   * The clock times are read on: the server's `Date` headers when the server keeps its own time
   * (a mock on a virtual clock), else the recording's timestamps, which are finer.
   */
  clock: 'server Date headers' | 'recording timestamps';
}

/** See {@link Recording.clock}: a `Date` further than this from the recording is its own time. */
const OWN_CLOCK_MS = 5_000;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

function chooseClock(entries: readonly HarEntry[]) {
  const dateOf = (entry: HarEntry) =>
    Date.parse(entry.response.headers?.find((h) => h.name.toLowerCase() === 'date')?.value ?? '');
  const offsets = entries
    .map((entry) => dateOf(entry) - Date.parse(entry.startedDateTime))
    .filter((offset) => !Number.isNaN(offset));
  const spread = offsets.length ? Math.max(...offsets) - Math.min(...offsets) : 0;
  const typical = median(offsets);
  if (offsets.length === 0 || (spread <= OWN_CLOCK_MS && Math.abs(typical) <= OWN_CLOCK_MS)) {
    return {
      clock: 'recording timestamps' as const,
      at: (entry: HarEntry) => Date.parse(entry.startedDateTime),
    };
  }
  return {
    clock: 'server Date headers' as const,
    at: (entry: HarEntry) => {
      const date = dateOf(entry);
      return Number.isNaN(date) ? Date.parse(entry.startedDateTime) + typical : date;
    },
  };
}

function classify(
  method: string,
  path: string,
): { kind: ExchangeKind; id?: string; model?: string } {
  const match = (pattern: RegExp) => pattern.exec(path)?.[1];
  if (method === 'GET') {
    const status = match(/\/v2\/requests\/([^/]+)\/status$/);
    if (status) return { kind: 'status', id: decodeURIComponent(status) };
    const result = match(/\/v2\/requests\/([^/]+)$/);
    if (result) return { kind: 'result', id: decodeURIComponent(result) };
    const poll = match(/\/v1\/requests\/([^/]+)$/);
    if (poll) return { kind: 'v1-poll', id: decodeURIComponent(poll) };
    if (/\/v1\/get-user-credits$/.test(path)) return { kind: 'credits' };
  }
  if (method === 'POST') {
    const model = /\/(v1|v2)\/([^/]+)$/.exec(path);
    if (model && model[2] !== 'requests') {
      return { kind: model[1] === 'v2' ? 'submit' : 'sync', model: model[2] as string };
    }
  }
  return { kind: 'other' };
}

/**
 * Reads a HAR: each exchange judged by `validators` (`strict` checks PNG bytes, `lenient` is for
 * answers whose body the recording did not keep), in order, with the jobs it followed.
 */
export function readRecording(
  har: HarDocument,
  validators: { strict: ResponseValidator; lenient: ResponseValidator },
): Recording {
  const { clock, at } = chooseClock(har.log.entries);
  const exchanges: RecordedExchange[] = [];
  const jobs = new Map<string, RecordedJob>();
  const outputs = new Map<string, RecordedJob>();
  har.log.entries.forEach((entry, index) => {
    let url: URL;
    try {
      url = new URL(entry.request.url);
    } catch {
      return;
    }
    const method = entry.request.method.toUpperCase();
    const headers = harHeaders(entry.response.headers);
    const contentType = mediaType(headers.get('content-type') ?? entry.response.content?.mimeType);
    const bytes = harBodyBytes(entry.response.content);
    let json: unknown;
    let unparsable = false;
    if (bytes && contentType.endsWith('json')) {
      try {
        json = JSON.parse(new TextDecoder().decode(bytes));
      } catch {
        unparsable = true;
      }
    }
    const output = outputs.get(url.href);
    const found = output ? { kind: 'output' as const } : classify(method, url.pathname);
    const exchange: RecordedExchange = {
      entry: index + 1,
      kind: found.kind,
      method,
      url: url.href,
      origin: url.origin,
      status: entry.response.status,
      ...(entry.response._error ? { error: entry.response._error } : {}),
      headers,
      contentType,
      json,
      ...(bytes ? { bytes } : {}),
      sentKey: (entry.request.headers ?? []).some((h) => h.name.toLowerCase() === 'x-api-key'),
      at: at(entry),
      ...(output ? { requestId: output.requestId } : found.id ? { requestId: found.id } : {}),
      ...(found.model ? { model: found.model } : {}),
      violations: [],
    };
    const operation =
      found.kind === 'output'
        ? undefined
        : matchOperation(validators.strict.operations, method, url.href);
    if (operation) exchange.operationId = operation.operationId;
    if (operation && exchange.status !== 0) {
      const binary = !contentType.endsWith('json');
      const validator = binary && !bytes ? validators.lenient : validators.strict;
      exchange.violations = validator
        .validate({
          operationId: operation.operationId,
          method,
          url: url.href,
          status: exchange.status,
          headers,
          body: binary ? (bytes ?? new Uint8Array()) : json,
          unparsable,
        })
        .map((violation) => ({
          ...violation,
          exchange: `#${exchange.entry} ${method} ${url.href}`,
        }));
    }
    exchanges.push(exchange);

    if (found.kind === 'submit' && exchange.status === 200 && typeof json === 'object') {
      const id = bodyOf<SubmitBody>(json).request_id;
      if (typeof id === 'string' && id !== '') {
        jobs.set(id, {
          requestId: id,
          model: found.model ?? '',
          submit: exchange,
          exchanges: [],
          outputs: [],
        });
      }
    } else if (exchange.requestId !== undefined) {
      const job = output ?? jobs.get(exchange.requestId);
      if (job) {
        job.exchanges.push(exchange);
        const named = bodyOf<ResultBody>(json).output;
        if (found.kind === 'result' && typeof named === 'string' && !job.outputs.includes(named)) {
          job.outputs.push(named);
          outputs.set(new URL(named, url).href, job);
        }
      }
    }
  });
  return { exchanges, jobs: [...jobs.values()], clock };
}
