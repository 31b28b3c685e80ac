// The mock's defaults are the spec's facts, read from the bundle: each model's typical durations
// and cost, the job states, the retention and the production origin. The expected values below
// are read from the bundle here, independently of the mock's own reading, never restated.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { deref as derefIn, type JobState } from '@segmind-ts/spec';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { statusAt } from '../src/core/lifecycle.js';
import {
  DEFAULT_COSTS,
  DEFAULT_RETENTION_MS,
  DEFAULT_TIMINGS,
  type JobStatus,
} from '../src/core.js';
import { createSegmindMock, DEFAULT_ORIGIN } from '../src/index.js';
import { post } from './support.js';

// biome-ignore lint/suspicious/noExplicitAny: the bundle is walked by key
type Json = any;
const require = createRequire(import.meta.url);
const bundle: Json = JSON.parse(
  readFileSync(require.resolve('@segmind-ts/spec/openapi.json'), 'utf8'),
);

const deref = (node: Json): Json => derefIn(bundle, node);

/** Every model's v2 submit operation, by slug. */
const submits: [string, Json][] = Object.entries<Json>(bundle.paths)
  .filter(([path, item]) => /^\/v2\/[^/{]+$/.test(path) && path !== '/v2/requests' && item.post)
  .map(([path, item]) => [path.slice('/v2/'.length), item.post]);

/** The first example body of a submit operation's request. */
const exampleInput = (operation: Json) => {
  const content = deref(operation.requestBody).content['application/json'];
  return Object.values<Json>(content.examples)[0].value;
};

describe('facts the mock takes from the spec', () => {
  it('covers every model of the spec', () => {
    expect(submits.length).toBeGreaterThanOrEqual(2);
    expect(Object.keys(DEFAULT_TIMINGS).sort()).toEqual(submits.map(([model]) => model).sort());
    expect(Object.keys(DEFAULT_COSTS).sort()).toEqual(submits.map(([model]) => model).sort());
  });

  it.each(submits)('times a %s job by its typical queue and processing time', async (model, op) => {
    const queueMs = op['x-typical-queue-ms'].value;
    const processingMs = op['x-typical-processing-ms'].value;
    expect(DEFAULT_TIMINGS[model]).toEqual({ queueMs, processingMs });
    const mock = createSegmindMock();
    await mock.handle(post(`/v2/${model}`, exampleInput(op)));
    const job = mock.jobs()[0];
    expect(job?.model).toBe(model);
    expect((job?.startedAt ?? 0) - (job?.createdAt ?? 0)).toBe(queueMs);
    expect((job?.endedAt ?? 0) - (job?.startedAt ?? 0)).toBe(processingMs);
  });

  it.each(submits)('charges a %s call its x-cost', async (model, op) => {
    const cost = op['x-cost'].value;
    expect(DEFAULT_COSTS[model]).toBe(cost);
    const mock = createSegmindMock({ credits: 100 });
    const answer = await mock.handle(post(`/v1/${model}`, exampleInput(op)));
    expect(answer.status).toBe(200);
    expect(Number(answer.headers.get('x-remaining-credits'))).toBe(100 - cost);
  });

  it('moves a job through the states of the status and failed bodies, in their order', () => {
    const schemas = bundle.components.schemas;
    const expected = [
      ...schemas.StatusResponse.properties.status.enum,
      schemas.FailedResponse.properties.status.const,
    ];
    const job = { createdAt: 0, startedAt: 10, endedAt: 20 };
    const seen = [
      statusAt(job, 0),
      statusAt(job, 10),
      statusAt(job, 20),
      statusAt({ ...job, failure: 'x' }, 20),
    ];
    expect(seen).toEqual(expected);
  });

  it('names the job states by the spec type (checked by tsc)', () => {
    expectTypeOf<JobStatus>().toEqualTypeOf<JobState>();
  });

  it('keeps a job for the spec x-retention-ms and listens on its first server by default', () => {
    expect(DEFAULT_RETENTION_MS).toBe(bundle['x-retention-ms'].value);
    expect(DEFAULT_ORIGIN).toBe(new URL(bundle.servers[0].url).origin);
  });
});
