import { describe, expect, it } from 'vitest';
import { createSegmindMockCore, VIRTUAL_EPOCH } from '../src/core.js';
import { ajv, conforms, deref, doc, type Json } from './control-doc.js';
import { BRIA_INPUT, ERASER_INPUT, get, ORIGIN, post } from './support.js';

function control(method: string, path: string, body?: unknown, token?: string) {
  return new Request(`${ORIGIN}/__mock/${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

describe('control API', () => {
  it('drives a whole job lifecycle, every answer conforming to control-api.yaml', async () => {
    const mock = createSegmindMockCore({
      timings: { default: { queueMs: 1000, processingMs: 2000 } },
    });
    const call = async (method: string, path: string, template: string, body?: unknown) =>
      conforms(method, template, await mock.handle(control(method, path, body)));

    expect(await call('GET', 'health', '/__mock/health')).toEqual({ ok: true });
    expect(await call('GET', 'clock', '/__mock/clock')).toEqual({
      mode: 'virtual',
      speed: 1,
      now: VIRTUAL_EPOCH,
      iso: '2025-01-01T00:00:00.000Z',
    });
    expect(
      await call('POST', 'outcomes', '/__mock/outcomes', {
        model: 'bria-erase-foreground',
        status: 'FAILED',
        error: 'blocked',
        times: 1,
      }),
    ).toEqual({
      outcomes: [{ id: 1, model: 'bria-erase-foreground', error: 'blocked', times: 1 }],
    });
    expect(await call('GET', 'outcomes', '/__mock/outcomes')).toEqual({
      outcomes: [{ id: 1, model: 'bria-erase-foreground', error: 'blocked', times: 1 }],
    });

    const eraser = (await (
      await mock.handle(post('/v2/background-eraser', ERASER_INPUT))
    ).json()) as Json;
    const bria = (await (
      await mock.handle(post('/v2/bria-erase-foreground', BRIA_INPUT))
    ).json()) as Json;
    expect(await call('GET', 'outcomes', '/__mock/outcomes')).toEqual({ outcomes: [] });
    expect(
      ((await call('GET', 'jobs', '/__mock/jobs')) as Json).jobs.map((j: Json) => j.status),
    ).toEqual(['QUEUED', 'QUEUED']);
    expect(
      await call('POST', 'clock/advance', '/__mock/clock/advance', { ms: 3000 }),
    ).toMatchObject({
      now: VIRTUAL_EPOCH + 3000,
    });
    expect(
      await call('GET', `jobs/${eraser.request_id}`, '/__mock/jobs/{request_id}'),
    ).toMatchObject({
      status: 'COMPLETED',
      outputPath: `/outputs/${eraser.request_id}.png`,
    });
    expect(await call('GET', `jobs/${bria.request_id}`, '/__mock/jobs/{request_id}')).toMatchObject(
      {
        status: 'FAILED',
        error: 'blocked',
      },
    );
    const journal = (await call('GET', 'requests', '/__mock/requests')) as Json;
    expect(journal.requests.map((r: Json) => r.path)).toEqual([
      '/v2/background-eraser',
      '/v2/bria-erase-foreground',
    ]);

    expect(
      await call('POST', 'faults', '/__mock/faults', {
        method: 'GET',
        path: '/v2/requests/*',
        status: 503,
        times: 2,
      }),
    ).toEqual({
      faults: [
        {
          id: 2,
          method: 'GET',
          path: '/v2/requests/*',
          status: 503,
          networkError: false,
          timesLeft: 2,
        },
      ],
    });
    expect((await mock.handle(get(eraser.status_url))).status).toBe(503);
    expect(
      await call('POST', 'faults', '/__mock/faults', { networkError: true, probability: 0.5 }),
    ).toMatchObject({
      faults: [{ timesLeft: 1 }, { networkError: true, probability: 0.5, timesLeft: null }],
    });
    expect(await call('DELETE', 'faults', '/__mock/faults')).toEqual({ faults: [] });
    expect(await call('GET', 'faults', '/__mock/faults')).toEqual({ faults: [] });
    expect((await mock.handle(get(eraser.status_url))).status).toBe(200);

    expect(await call('DELETE', 'requests', '/__mock/requests')).toEqual({ ok: true });
    expect(await call('GET', 'requests', '/__mock/requests')).toEqual({ requests: [] });
    expect(await call('POST', 'outcomes', '/__mock/outcomes', { error: 'x' })).toEqual({
      outcomes: [{ id: 4, error: 'x', times: 1 }],
    });
    expect(await call('DELETE', 'outcomes', '/__mock/outcomes')).toEqual({ outcomes: [] });
    expect(await call('POST', 'reset', '/__mock/reset')).toEqual({ ok: true });
    expect(await call('GET', 'jobs', '/__mock/jobs')).toEqual({ jobs: [] });
    expect(await call('GET', 'clock', '/__mock/clock')).toMatchObject({ now: VIRTUAL_EPOCH });
    expect(mock.requests).toEqual([]); // control calls are not journaled
  });

  it('answers documented errors: 400 for bad bodies, 404 for unknown jobs, 405 with Allow', async () => {
    const mock = createSegmindMockCore({ maxBodyBytes: 100 });
    const call = async (method: string, path: string, template: string, body?: unknown) =>
      (await conforms(method, template, await mock.handle(control(method, path, body)))) as Json;
    expect((await call('POST', 'clock/advance', '/__mock/clock/advance', { ms: -1 })).error).toBe(
      'ms: must be a finite number >= 0',
    );
    expect(
      (await call('POST', 'clock/advance', '/__mock/clock/advance', { ms: '5' })).error,
    ).toMatch(/^ms:/);
    expect((await call('POST', 'clock/advance', '/__mock/clock/advance', '{"ms":')).error).toMatch(
      /^Malformed JSON/,
    );
    expect((await call('POST', 'clock/advance', '/__mock/clock/advance', [1])).error).toBe(
      'body: must be a JSON object',
    );
    expect(
      (
        await call('POST', 'clock/advance', '/__mock/clock/advance', {
          ms: 1,
          pad: 'x'.repeat(200),
        })
      ).error,
    ).toMatch(/larger than 100/);
    expect(
      (await call('POST', 'outcomes', '/__mock/outcomes', { status: 'COMPLETED', error: 'x' }))
        .error,
    ).toMatch(/^status:/);
    expect(
      (await call('POST', 'outcomes', '/__mock/outcomes', { error: 'x', times: 0 })).error,
    ).toMatch(/times/);
    expect((await call('POST', 'faults', '/__mock/faults', { status: 200 })).error).toMatch(
      /status must be/,
    );
    expect(
      (await call('POST', 'faults', '/__mock/faults', { status: 500, probability: 'often' })).error,
    ).toMatch(/probability/);
    expect((await call('GET', 'jobs/nope', '/__mock/jobs/{request_id}')).error).toBe(
      'Request not found: nope',
    );
    const wrong = await mock.handle(control('GET', 'reset'));
    expect(wrong.headers.get('allow')).toBe('POST');
    await conforms(
      'POST',
      '/__mock/reset',
      new Response(await wrong.text(), { status: 405, headers: wrong.headers }),
    );
    expect((await mock.handle(control('GET', 'nothing-here'))).status).toBe(404);
    const foreign = await mock.handle(
      new Request(`${ORIGIN}/__mock/faults`, {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
        body: '{"status": 503}',
      }),
    );
    expect(foreign.status).toBe(403);
    await conforms('POST', '/__mock/faults', foreign);
    const notJson = await mock.handle(
      new Request(`${ORIGIN}/__mock/outcomes`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: '{"error": "x"}',
      }),
    );
    expect(notJson.status).toBe(415);
    await conforms('POST', '/__mock/outcomes', notJson);
  });

  it('refuses to advance a real clock with 400', async () => {
    const mock = createSegmindMockCore({ clock: 'real', speed: 5 });
    const response = await mock.handle(control('POST', 'clock/advance', { ms: 10 }));
    expect(response.status).toBe(400);
    expect(await conforms('POST', '/__mock/clock/advance', response)).toEqual({
      error: 'The clock is real: only a virtual clock can be advanced',
    });
    expect(await (await mock.handle(control('GET', 'clock'))).json()).toMatchObject({
      mode: 'real',
      speed: 5,
    });
  });

  it('reports an auto clock as documented, and advances it', async () => {
    const mock = createSegmindMockCore({ clock: 'auto' });
    const call = async (method: string, path: string, template: string, body?: unknown) =>
      conforms(method, template, await mock.handle(control(method, path, body)));
    expect(await call('GET', 'clock', '/__mock/clock')).toMatchObject({ mode: 'auto', speed: 1 });
    expect(await call('POST', 'clock/advance', '/__mock/clock/advance', { ms: 2500 })).toEqual({
      mode: 'auto',
      speed: 1,
      now: VIRTUAL_EPOCH + 2500,
      iso: '2025-01-01T00:00:02.500Z',
    });
  });

  it('refuses with 400 an advance past the range of Date, and changes nothing', async () => {
    const mock = createSegmindMockCore();
    for (const ms of [1e300, 8.64e15, Number.MAX_VALUE]) {
      const response = await mock.handle(control('POST', 'clock/advance', { ms }));
      expect(response.status).toBe(400);
      expect(((await conforms('POST', '/__mock/clock/advance', response)) as Json).error).toMatch(
        /range of Date/,
      );
    }
    const clock = await mock.handle(control('GET', 'clock'));
    expect(clock.status).toBe(200);
    expect(await clock.json()).toMatchObject({ now: VIRTUAL_EPOCH });
    const small = await mock.handle(control('POST', 'clock/advance', { ms: 1 }));
    expect(await small.json()).toMatchObject({ now: VIRTUAL_EPOCH + 1 });
  });

  it('requires the admin token on every control call when one is set, and only there', async () => {
    const mock = createSegmindMockCore({ adminToken: 's3cret' });
    for (const [method, path] of [
      ['GET', 'health'],
      ['POST', 'reset'],
      ['GET', 'clock'],
      ['GET', 'jobs'],
      ['GET', 'requests'],
      ['GET', 'faults'],
    ] as const) {
      const refused = await mock.handle(control(method, path));
      expect(refused.status).toBe(401);
      await conforms(method, `/__mock/${path}`, refused);
      expect((await mock.handle(control(method, path, undefined, 'wrong'))).status).toBe(401);
      expect((await mock.handle(control(method, path, undefined, 's3cret'))).status).toBe(200);
    }
    expect((await mock.handle(post('/v2/background-eraser', ERASER_INPUT))).status).toBe(200);
  });
});

describe('control-api.yaml', () => {
  it('carries examples that validate against their schemas', () => {
    const cases: [string, Json, unknown][] = [];
    for (const [path, item] of Object.entries(doc.paths as Json)) {
      for (const [method, operation] of Object.entries(item as Json)) {
        const media = [
          ...Object.values((operation as Json).requestBody?.content ?? {}),
          ...Object.values((operation as Json).responses as Json).flatMap((r) =>
            Object.values(deref(r as Json).content ?? {}),
          ),
        ] as Json[];
        for (const m of media) {
          for (const [name, example] of Object.entries((m.examples ?? {}) as Json)) {
            cases.push([`${method} ${path} ${name}`, m.schema, (example as Json).value]);
          }
        }
      }
    }
    expect(cases.length).toBeGreaterThan(10);
    for (const [name, schema, value] of cases) {
      const validate = ajv.compile({ ...schema, components: doc.components });
      expect(validate(value), `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });
});
