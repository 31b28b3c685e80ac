import { describe, expect, it } from 'vitest';
import { createResponseValidator } from '../src/index.js';

const validator = createResponseValidator();
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQABpfZFQAAAAABJRU5ErkJggg==',
  'base64',
);
const jsonHeaders = (extra: Record<string, string> = {}) =>
  new Headers({ 'content-type': 'application/json; charset=utf-8', ...extra });
const base = 'https://api.segmind.com';

describe('createResponseValidator', () => {
  it('accepts a conforming submit answer', () => {
    const body = {
      request_id: 'r1',
      status: 'QUEUED',
      status_url: `${base}/v2/requests/r1/status`,
      response_url: `${base}/v2/requests/r1`,
      poll_url: `${base}/v1/requests/r1`,
    };
    expect(
      validator.validate({
        method: 'POST',
        url: `${base}/v2/background-eraser`,
        status: 200,
        headers: jsonHeaders(),
        body,
      }),
    ).toEqual([]);
  });

  it('finds the operation from the URL, ids included', () => {
    const [violation] = validator.validate({
      method: 'GET',
      url: `${base}/v2/requests/abc/status`,
      status: 200,
      headers: jsonHeaders(),
      body: { request_id: 'abc', status: 'DONE', metrics: {} },
    });
    expect(violation?.kind).toBe('schema');
    expect(violation?.message).toMatch(/^getRequestStatus 200: \/status must be equal to one of/);
  });

  it('reports an undocumented status and a wrong content type', () => {
    const undocumented = validator.validate({
      method: 'GET',
      url: `${base}/v2/requests/abc`,
      status: 201,
      headers: jsonHeaders(),
      body: {},
    });
    expect(undocumented.map((v) => v.kind)).toEqual(['undocumented-status']);
    const wrongType = validator.validate({
      method: 'GET',
      url: `${base}/v2/requests/abc`,
      status: 404,
      headers: new Headers({ 'content-type': 'text/html' }),
      body: new Uint8Array(),
    });
    expect(wrongType.map((v) => v.kind)).toEqual(['wrong-content-type']);
  });

  it('requires x-remaining-credits on a v1 200, and checks it is a number', () => {
    const call = (headers: Headers) =>
      validator.validate({
        method: 'POST',
        url: `${base}/v1/bria-erase-foreground`,
        status: 200,
        headers,
        body: PNG,
      });
    expect(
      call(new Headers({ 'content-type': 'image/png', 'x-remaining-credits': '12.5' })),
    ).toEqual([]);
    expect(call(new Headers({ 'content-type': 'image/png' })).map((v) => v.kind)).toEqual([
      'missing-header',
    ]);
    expect(
      call(new Headers({ 'content-type': 'image/png', 'x-remaining-credits': 'lots' })).map(
        (v) => v.kind,
      ),
    ).toEqual(['header-schema']);
  });

  it('checks PNG bytes unless told the bytes were re-encoded by a proxy', () => {
    const answer = {
      method: 'POST',
      url: `${base}/v1/background-eraser`,
      status: 200,
      headers: new Headers({ 'content-type': 'image/png', 'x-remaining-credits': '1' }),
      body: new TextEncoder().encode('not a png'),
    };
    expect(validator.validate(answer).map((v) => v.kind)).toEqual(['schema']);
    expect(createResponseValidator({ checkBinaryBodies: false }).validate(answer)).toEqual([]);
  });

  it('treats Retry-After as optional on 429, and validates it when present', () => {
    const call = (extra: Record<string, string>) =>
      validator.validate({
        method: 'GET',
        url: `${base}/v2/requests/abc/status`,
        status: 429,
        headers: jsonHeaders(extra),
        body: { error: 'Rate limit exceeded' },
      });
    expect(call({})).toEqual([]);
    expect(call({ 'retry-after': '12' })).toEqual([]);
    expect(call({ 'retry-after': '1.5' }).map((v) => v.kind)).toEqual(['header-schema']);
  });

  it('reports a JSON body that does not parse', () => {
    const [violation] = validator.validate({
      method: 'GET',
      url: `${base}/v2/requests/abc`,
      status: 404,
      headers: jsonHeaders(),
      body: undefined,
      unparsable: true,
    });
    expect(violation?.kind).toBe('unparsable-body');
  });
});
