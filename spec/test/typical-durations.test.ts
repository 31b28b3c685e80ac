// Each model's v2 submit operation states its typical queue and processing time, which the
// client's polling schedule is generated from (see "How long a job takes" in info.description).
import { describe, expect, it } from 'vitest';
import { MODELS } from '../src/index.js';
import { type Json, loadSpec, operationsOf } from './load-spec.js';

const spec = loadSpec();

const EXTENSIONS = ['x-typical-queue-ms', 'x-typical-processing-ms'] as const;

/** The v2 submit operations: `POST /v2/{model}`, one per model. */
const submits = operationsOf(spec).filter(
  ({ path, method }) => method === 'post' && /^\/v2\/[^/{]+$/.test(path),
);

describe('typical durations of each model', () => {
  it('are documented in info.description', () => {
    for (const name of EXTENSIONS) expect(spec.info.description).toContain(name);
  });

  it('are stated on every v2 submit operation as a whole number of ms with a source', () => {
    expect(submits.map(({ path }) => path).sort()).toEqual(
      Object.keys(MODELS).map((slug) => `/v2/${slug}`),
    );
    expect(submits.map(({ path }) => path)).toEqual(
      expect.arrayContaining(['/v2/background-eraser', '/v2/bria-erase-foreground']),
    );
    for (const { operation } of submits) {
      for (const name of EXTENSIONS) {
        const fact: Json = operation[name];
        expect(Object.keys(fact).sort(), `${operation.operationId} ${name}`).toEqual(
          expect.arrayContaining(['value', 'x-source']),
        );
        expect(Number.isInteger(fact.value) && fact.value > 0).toBe(true);
      }
    }
  });

  it('give bria-erase-foreground the ~12 s of processing its model page states', () => {
    const bria = submits.find(({ path }) => path === '/v2/bria-erase-foreground')?.operation;
    expect(bria['x-typical-processing-ms']).toMatchObject({
      value: 12000,
      'x-source': 'seed:bria-erase-foreground',
    });
  });
});
