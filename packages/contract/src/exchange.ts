import { mediaType, type ResponseValidator } from './validator.js';
import type { Violation } from './violations.js';

/** A request the suite sends. */
export interface ContractRequest {
  method: 'GET' | 'POST';
  /** A path on the base URL (`/v2/requests/x/status`) or an absolute URL (a job's `status_url`). */
  url: string;
  /** A JSON body, serialised by the suite. */
  json?: unknown;
  /** A raw body, sent as is (for bodies that are not JSON on purpose). */
  raw?: string;
  /** The API key to send; `null` sends none. Defaults to the suite's key. */
  apiKey?: string | null;
  /**
   * The scenario sends this request as bad input on purpose: a proxy that validates requests
   * (Prism) may answer it itself, and that is expected rather than a violation.
   */
  badInput?: boolean;
  /** Judge the answer against the spec (default). Off for media URLs, which no operation covers. */
  validate?: boolean;
  /** Request the URL exactly as given, never through the base URL (media URLs). */
  direct?: boolean;
}

/** What came back, read once. */
export interface ContractAnswer {
  request: ContractRequest;
  /** The absolute URL requested. */
  url: string;
  /** 0 when the request failed at the network level. */
  status: number;
  headers: Headers;
  contentType: string;
  /** The parsed body when it is JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: bodies are read by key after validation
  json: any;
  bytes: Uint8Array;
  /** The error message when the request failed at the network level. */
  networkError?: string;
  /** A validating proxy answered this bad-input request itself (see {@link ContractRequest.badInput}). */
  proxyRejected?: string;
  /** Violations of this exchange alone (spec and proxy). */
  violations: Violation[];
  durationMs: number;
}

/** One request and its answer, as the report keeps it. */
export interface ExchangeRecord {
  /** The check that sent it (set by the suite). */
  check?: string;
  method: string;
  url: string;
  status: number;
  contentType: string;
  durationMs: number;
  badInput: boolean;
  /** Set when a validating proxy answered an on-purpose bad request itself. */
  proxyRejected?: string;
  violations: Violation[];
}

/** Options of {@link createExchanger}. */
export interface ExchangerOptions {
  fetch: typeof globalThis.fetch;
  baseUrl: string;
  apiKey: string;
  validator: ResponseValidator;
  /**
   * The origin the target stands in front of (a proxy's upstream): job URLs that point there are
   * requested through `baseUrl` instead, so every exchange passes the proxy.
   */
  upstreamOrigin?: string;
  /** Longest wait for one answer, in ms; a target that hangs fails the check instead. */
  requestTimeoutMs?: number;
  /** Called after every exchange, for a caller that keeps its own tally. */
  onExchange?: (record: ExchangeRecord) => void;
}

/** Sends one request and judges its answer. */
export type Exchanger = (request: ContractRequest) => Promise<ContractAnswer>;

/** Prism's own answers carry problem types under this URL. */
const PRISM_PROBLEM = 'https://stoplight.io/prism/errors#';

interface ProxyFinding {
  location?: string[];
  message?: string;
}

function proxyFindings(answer: ContractAnswer): { rejected: boolean; findings: ProxyFinding[] } {
  const findings: ProxyFinding[] = [];
  const header = answer.headers.get('sl-violations');
  if (header) {
    try {
      findings.push(...(JSON.parse(header) as ProxyFinding[]));
    } catch {
      findings.push({ message: header });
    }
  }
  const problem =
    answer.contentType === 'application/problem+json' &&
    typeof answer.json?.type === 'string' &&
    answer.json.type.startsWith(PRISM_PROBLEM)
      ? answer.json
      : undefined;
  if (problem && findings.length === 0) {
    const validation = Array.isArray(problem.validation)
      ? (problem.validation as ProxyFinding[])
      : [];
    findings.push(
      ...(validation.length > 0
        ? validation
        : [{ location: ['request'], message: `${problem.title}: ${problem.detail ?? ''}` }]),
    );
  }
  return { rejected: problem !== undefined, findings };
}

/**
 * Creates the function every check sends its requests through: it resolves the URL, sends the
 * key, reads the body once, validates the answer against the spec, and recognises a validating
 * proxy's own answers (Prism's problem+json and `sl-violations`).
 */
export function createExchanger(options: ExchangerOptions): Exchanger {
  const base = new URL(options.baseUrl);
  return async (request) => {
    let target = new URL(request.url, base);
    if (
      !request.direct &&
      options.upstreamOrigin &&
      target.origin === new URL(options.upstreamOrigin).origin
    ) {
      target = new URL(`${target.pathname}${target.search}`, base);
    }
    // Keep the base URL's path prefix (a gateway may mount the API under /segmind).
    if (request.url.startsWith('/') && base.pathname !== '/') {
      target = new URL(`${base.pathname.replace(/\/+$/, '')}${request.url}`, base);
    }
    const headers: Record<string, string> = {};
    const key = request.apiKey === undefined ? options.apiKey : request.apiKey;
    if (key) headers['x-api-key'] = key;
    let body: string | undefined;
    if (request.json !== undefined || request.raw !== undefined) {
      headers['content-type'] = 'application/json';
      body = request.raw ?? JSON.stringify(request.json);
    }
    const started = performance.now();
    const answer: ContractAnswer = {
      request,
      url: target.href,
      status: 0,
      headers: new Headers(),
      contentType: '',
      json: undefined,
      bytes: new Uint8Array(),
      violations: [],
      durationMs: 0,
    };
    let unparsable = false;
    try {
      const response = await options.fetch(target.href, {
        method: request.method,
        headers,
        body,
        signal: AbortSignal.timeout(options.requestTimeoutMs ?? 60_000),
      });
      if (response.type === 'error') throw new TypeError('network error');
      answer.status = response.status;
      answer.headers = response.headers;
      answer.contentType = mediaType(response.headers.get('content-type'));
      answer.bytes = new Uint8Array(await response.arrayBuffer());
      if (answer.contentType.endsWith('json')) {
        try {
          answer.json = JSON.parse(new TextDecoder().decode(answer.bytes));
        } catch {
          unparsable = true;
        }
      }
    } catch (error) {
      answer.networkError = error instanceof Error ? error.message : String(error);
    }
    answer.durationMs = performance.now() - started;
    const exchange = `${request.method} ${target.href}`;

    if (answer.networkError !== undefined) {
      answer.violations.push({
        kind: 'network-error',
        message: `${exchange} failed: ${answer.networkError}`,
        exchange,
      });
    } else {
      const proxy = proxyFindings(answer);
      const requestSide = proxy.findings.filter((f) => f.location?.[0] !== 'response');
      if (proxy.rejected && request.badInput && requestSide.length === proxy.findings.length) {
        // The proxy refused the bad input we sent on purpose: expected, nothing to judge.
        answer.proxyRejected = proxy.findings.map((f) => f.message).join('; ');
      } else {
        for (const finding of proxy.findings) {
          if (request.badInput && finding.location?.[0] !== 'response') continue;
          answer.violations.push({
            kind: 'proxy-violation',
            message: `proxy: ${finding.location?.join('.') ?? ''} ${finding.message ?? ''}`.trim(),
            exchange,
          });
        }
        if (!proxy.rejected && request.validate !== false) {
          answer.violations.push(
            ...options.validator.validate({
              method: request.method,
              url: target.href,
              status: answer.status,
              headers: answer.headers,
              body: answer.contentType.endsWith('json') ? answer.json : answer.bytes,
              unparsable,
            }),
          );
        }
      }
    }
    options.onExchange?.({
      method: request.method,
      url: target.href,
      status: answer.status,
      contentType: answer.contentType,
      durationMs: Math.round(answer.durationMs * 100) / 100,
      badInput: request.badInput === true,
      ...(answer.proxyRejected !== undefined ? { proxyRejected: answer.proxyRejected } : {}),
      violations: answer.violations,
    });
    return answer;
  };
}
