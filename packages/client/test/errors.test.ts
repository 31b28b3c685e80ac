import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BadGatewayError,
  BadRequestError,
  ConnectionError,
  createApiError,
  GatewayTimeoutError,
  InferenceFailed,
  InferenceTimeout,
  InsufficientCreditsError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  parseRateLimitReset,
  parseRetryAfter,
  RateLimitError,
  RequestExpiredError,
  RequestTimeoutError,
  ResultPendingError,
  SegmindError,
  ServerError,
} from '../src/index.js';

const headers = new Headers({ 'x-trace': 't1' });

describe('createApiError', () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [406, InsufficientCreditsError],
    [429, RateLimitError],
    [500, InternalServerError],
    [502, BadGatewayError],
    [504, GatewayTimeoutError],
  ])('maps %i to %o', (status, ErrorClass) => {
    const error = createApiError(status, { error: 'boom' }, headers, 'req-9');
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(SegmindError);
    expect(error.constructor).toBe(ErrorClass);
    expect(error.name).toBe(ErrorClass.name);
    expect(error.status).toBe(status);
    expect(error.error).toBe('boom');
    expect(error.body).toEqual({ error: 'boom' });
    expect(error.headers?.get('x-trace')).toBe('t1');
    expect(error.requestId).toBe('req-9');
    expect(error.message).toBe(`${status} boom`);
  });

  it('groups every 5xx under ServerError, with its own class for the documented ones', () => {
    expect(createApiError(503, { error: 'x' }, headers).constructor).toBe(ServerError);
    expect(createApiError(500, { error: 'x' }, headers)).toBeInstanceOf(ServerError);
    expect(createApiError(504, { error: 'x' }, headers)).toBeInstanceOf(ServerError);
    expect(createApiError(404, { error: 'x' }, headers)).not.toBeInstanceOf(ServerError);
  });

  it('gives an unlisted 4xx the base class', () => {
    expect(createApiError(418, { error: 'teapot' }, headers).constructor).toBe(SegmindError);
  });

  it('falls back to the text or the status when the body has no error string', () => {
    expect(createApiError(502, '<html>Bad Gateway</html>', headers).error).toBe(
      '<html>Bad Gateway</html>',
    );
    expect(createApiError(500, { detail: 'x' }, headers).error).toBe('HTTP 500');
    expect(createApiError(500, undefined, headers).error).toBe('HTTP 500');
  });

  it('reads Retry-After into RateLimitError.retryAfterMs', () => {
    const limited = createApiError(
      429,
      { error: 'slow down' },
      new Headers({ 'retry-after': '7' }),
    );
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).retryAfterMs).toBe(7000);
    const bare = createApiError(429, { error: 'slow down' }, new Headers());
    expect((bare as RateLimitError).retryAfterMs).toBeUndefined();
  });

  it('reads the reset time of x-rate-limit-reset-at-utc, against Date, when there is no Retry-After', () => {
    const reset = new Headers({
      date: 'Wed, 01 Jan 2025 00:00:10 GMT',
      'x-rate-limit-reset-at-utc': '2025-01-01T00:01:00Z',
    });
    const limited = createApiError(429, { error: 'slow down' }, reset) as RateLimitError;
    expect(limited.retryAfterMs).toBe(50_000);
    reset.set('retry-after', '3');
    expect((createApiError(429, { error: 'x' }, reset) as RateLimitError).retryAfterMs).toBe(3000);
  });

  it("keeps the job's id, or else takes the server's x-request-id of the call", () => {
    const sent = new Headers({ 'x-request-id': 'call-7' });
    expect(createApiError(400, { error: 'x' }, sent).requestId).toBe('call-7');
    expect(createApiError(404, { error: 'x' }, sent, 'job-1').requestId).toBe('job-1');
    expect(createApiError(400, { error: 'x' }, new Headers()).requestId).toBeUndefined();
  });

  it('removes the API key from the message and the body when the server echoes it', () => {
    const error = createApiError(
      401,
      { error: 'Invalid API key sk-secret-123', echo: { key: 'sk-secret-123' } },
      headers,
      undefined,
      'sk-secret-123',
    );
    expect(error.message).not.toContain('sk-secret-123');
    expect(JSON.stringify(error.body)).not.toContain('sk-secret-123');
    expect(error.error).toBe('Invalid API key [redacted]');
  });
});

describe('transport and job errors', () => {
  it('RequestExpiredError is a NotFoundError', () => {
    const error = new RequestExpiredError({ status: 404, error: 'gone' });
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toBeInstanceOf(SegmindError);
    expect(error.name).toBe('RequestExpiredError');
  });

  it('ConnectionError and RequestTimeoutError have no status', () => {
    const connection = new ConnectionError({ error: 'refused' });
    expect(connection.status).toBeUndefined();
    expect(connection).toBeInstanceOf(SegmindError);
    const timeout = new RequestTimeoutError(1500);
    expect(timeout.timeoutMs).toBe(1500);
    expect(timeout.message).toBe('No answer within 1500 ms');
  });

  it('InferenceFailed carries the detail, the FAILED body and the request id', () => {
    const body = { status: 'FAILED' as const, error: 'moderation blocked', request_id: 'r1' };
    const error = new InferenceFailed(body, 'r1');
    expect(error).toBeInstanceOf(SegmindError);
    expect(error.detail).toBe('moderation blocked');
    expect(error.statusBody).toBe(body);
    expect(error.requestId).toBe('r1');
    expect(error.status).toBe(422);
    expect(error.message).toBe('Inference failed (request r1): moderation blocked');
  });

  it('InferenceTimeout carries the request id and the elapsed time', () => {
    const error = new InferenceTimeout('r2', 600_000);
    expect(error).toBeInstanceOf(SegmindError);
    expect(error.requestId).toBe('r2');
    expect(error.elapsedMs).toBe(600_000);
    expect(error.message).toMatch(/r2.*segmind\.job\(\)/);
  });

  it('ResultPendingError is a SegmindError', () => {
    expect(new ResultPendingError({ status: 202, error: 'running' })).toBeInstanceOf(SegmindError);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
  });
  it('reads an HTTP date, a past one as 0', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
  });
  it('ignores anything else', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-3', now)).toBeUndefined();
  });
});

describe('parseRateLimitReset', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads an ISO 8601 or HTTP date, a past one as 0', () => {
    expect(parseRateLimitReset('2026-01-01T00:00:30Z', now)).toBe(30_000);
    expect(parseRateLimitReset('2026-01-01T00:00:30.250Z', now)).toBe(30_250);
    expect(parseRateLimitReset('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRateLimitReset('2025-12-31T23:59:00Z', now)).toBe(0);
  });
  it('reads Unix epoch seconds and milliseconds', () => {
    expect(parseRateLimitReset(String(now / 1000 + 12), now)).toBe(12_000);
    expect(parseRateLimitReset(String(now + 1500), now)).toBe(1500);
  });
  it('ignores what is not a time', () => {
    expect(parseRateLimitReset(null, now)).toBeUndefined();
    expect(parseRateLimitReset('12', now)).toBeUndefined();
    expect(parseRateLimitReset('soon', now)).toBeUndefined();
    expect(parseRateLimitReset('May', now)).toBeUndefined();
  });
});
