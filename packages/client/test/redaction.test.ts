import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createApiError,
  InferenceFailed,
  InferenceTimeout,
  NotFoundError,
  RateLimitError,
  ResultPendingError,
  Segmind,
  SegmindError,
} from '../src/index.js';
import { MIN_SECRET_LENGTH, redact } from '../src/internal/redact.js';
import { json, networkError, submitted } from './support/fake-fetch.js';
import { fakeJobApi } from './support/fake-job-api.js';
import { settleWithin } from './support/settle.js';

// A key shaped like Segmind's (SG_ and 16 hex digits), and what a server might echo it in.
const KEY = 'SG_4f1c9a77e02b5d13';
const input = { image: 'https://example.test/in.png', return_mask: true };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/**
 * Every string reachable from `value`: own properties, enumerable or not (message, stack), the
 * entries of Headers, cause chains, arrays and nested bodies; plus what util.inspect prints with
 * no depth limit and hidden properties shown, which is what console.log(error) writes.
 */
function reachableText(value: unknown): string {
  const seen = new Set<unknown>();
  const texts: string[] = [inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true })];
  const walk = (current: unknown) => {
    if (typeof current === 'string') texts.push(current);
    if (!current || typeof current !== 'object' || seen.has(current)) return;
    seen.add(current);
    if (current instanceof Headers) {
      for (const [name, text] of current) texts.push(name, text);
      return;
    }
    for (const key of Reflect.ownKeys(current)) {
      texts.push(String(key));
      walk((current as Record<PropertyKey, unknown>)[key]);
    }
  };
  walk(value);
  return texts.join('\n');
}

describe('the redaction rule', () => {
  it('never mangles ordinary text around a short key', () => {
    expect(redact('No model background-remover', 'k')).toBe('No model background-remover');
    expect(redact({ error: 'bad input: key_name' }, 'key')).toEqual({
      error: 'bad input: key_name',
    });
    expect(redact('remove the background-remover', 'remover')).toBe(
      'remove the background-remover',
    );
  });

  it('hides a short key where it stands alone as a token', () => {
    expect(redact('Invalid API key: k.', 'k')).toBe('Invalid API key: [redacted].');
    expect(redact({ key: 'test', msg: "'test' is not valid" }, 'test')).toEqual({
      key: '[redacted]',
      msg: "'[redacted]' is not valid",
    });
  });

  it(`hides a key of ${MIN_SECRET_LENGTH}+ characters wherever it appears, even inside a word`, () => {
    expect(MIN_SECRET_LENGTH).toBe(8);
    expect(redact(`x-api-key=${KEY}&a=1 and prefix${KEY}suffix`, KEY)).toBe(
      'x-api-key=[redacted]&a=1 and prefix[redacted]suffix',
    );
    expect(redact({ [KEY]: [KEY, { deep: `${KEY}!` }] }, KEY)).toEqual({
      '[redacted]': ['[redacted]', { deep: '[redacted]!' }],
    });
  });

  it('leaves a value without the key as it is (the same object)', () => {
    const body = { error: 'busy' };
    expect(redact(body, KEY)).toBe(body);
  });
});

describe('with the short key k, messages read as the server wrote them', () => {
  it('keeps "background-remover" whole in a 404', async () => {
    const segmind = new Segmind({
      apiKey: 'k',
      fetch: async () => json({ error: 'No such model: background-remover' }, 404),
    });
    const error = await segmind.submitAsync('background-remover', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe('404 No such model: background-remover');
  });
});

describe('nothing reachable from an error holds the key', () => {
  // A gateway that echoes the key it was sent, in a header and in the body.
  const echoing = (status: number, body: unknown, extra: Record<string, string> = {}) =>
    json(body, status, { 'x-echo-api-key': KEY, 'x-debug': `auth=${KEY}`, ...extra });

  it('in errors mapped from an answer: headers, body, message, util.inspect', async () => {
    const errors = [
      createApiError(401, { error: `Invalid key ${KEY}` }, echoing(401, {}).headers, 'r1', KEY),
      createApiError(
        429,
        { error: 'slow' },
        echoing(429, {}, { 'retry-after': '1' }).headers,
        'r1',
        KEY,
      ),
    ];
    expect(errors[1]).toBeInstanceOf(RateLimitError);
    for (const error of errors) {
      expect(error.headers?.get('x-echo-api-key')).toBe('[redacted]');
      expect(error.headers?.get('x-debug')).toBe('auth=[redacted]');
      expect(reachableText(error)).not.toContain(KEY);
    }
  });

  it('in InferenceFailed (headers, statusBody) and ResultPendingError from a job', async () => {
    const failedApi = (request: Request) =>
      request.method === 'GET'
        ? echoing(422, { request_id: 'r1', status: 'FAILED', error: `key ${KEY} refused` })
        : submitted('r1');
    const segmind = new Segmind({ apiKey: KEY, fetch: async (r) => failedApi(r as Request) });
    const failed = await segmind
      .job('r1')
      .result()
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(InferenceFailed);
    expect((failed as InferenceFailed).statusBody.error).toBe('key [redacted] refused');
    expect(reachableText(failed)).not.toContain(KEY);

    const pending = new Segmind({
      apiKey: KEY,
      fetch: async () => echoing(202, { request_id: 'r1', status: 'PROCESSING', note: KEY }),
    });
    const early = await pending
      .job('r1')
      .result()
      .catch((e: unknown) => e);
    expect(early).toBeInstanceOf(ResultPendingError);
    expect(reachableText(early)).not.toContain(KEY);
  });

  it('in InferenceTimeout and the failure it carries as its cause', async () => {
    const api = fakeJobApi({
      intercept: (request) =>
        request.url.endsWith('/status')
          ? echoing(503, { error: `overloaded (${KEY})` })
          : undefined,
    });
    const segmind = new Segmind({ apiKey: KEY, fetch: api.fetch, maxRetries: 0 });
    const error = await settleWithin(
      5000,
      segmind.run('background-eraser', input, { timeoutMs: 2000 }),
    );
    expect(error).toBeInstanceOf(InferenceTimeout);
    expect((error as InferenceTimeout).cause).toBeInstanceOf(SegmindError);
    expect(((error as InferenceTimeout).cause as SegmindError).headers?.get('x-echo-api-key')).toBe(
      '[redacted]',
    );
    expect(reachableText(error)).not.toContain(KEY);
  });

  it('in a ConnectionError whose underlying error carries the key anywhere', async () => {
    const failure = networkError('ECONNRESET');
    Object.assign(failure.cause as object, {
      request: { headers: new Headers({ 'x-api-key': KEY }) },
      details: [`sent ${KEY}`],
    });
    const segmind = new Segmind({
      apiKey: KEY,
      fetch: async () => Promise.reject(failure),
      maxRetries: 0,
    });
    const error = await segmind
      .job('r1')
      .status()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SegmindError);
    expect(reachableText(error)).not.toContain(KEY);
    // The retry rules still read the code.
    expect(((error as SegmindError).cause as { code?: string }).code).toBe('ECONNRESET');
  });
});
