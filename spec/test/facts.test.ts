// Facts that simulators and clients read from the bundle: each model's cost per call (`x-cost`
// on its v2 submit) and how long a job is kept (`x-retention-ms` at the root). See "What a job
// costs" and "How long a job is kept" in info.description.
import { describe, expect, it } from 'vitest';
import { type Json, loadSpec, operationsOf } from './load-spec.js';

const spec = loadSpec();

const submits = operationsOf(spec).filter(
  ({ path, method }) => method === 'post' && /^\/v2\/[^/{]+$/.test(path),
);

describe('facts the simulators read', () => {
  it('are documented in info.description', () => {
    expect(spec.info.description).toContain('x-cost');
    expect(spec.info.description).toContain('x-retention-ms');
  });

  it('give every v2 submit a non-negative x-cost with a source', () => {
    expect(submits.length).toBeGreaterThan(0);
    for (const { operation } of submits) {
      const cost: Json = operation['x-cost'];
      expect(cost, operation.operationId).toMatchObject({ value: expect.any(Number) });
      expect(Number.isFinite(cost.value) && cost.value >= 0).toBe(true);
      expect(cost['x-source']).toBeDefined();
    }
  });

  it('keep a job one hour after submission, as the async page states', () => {
    expect(spec['x-retention-ms']).toEqual({
      value: 3_600_000,
      'x-source': 'segmind-docs:async-inference-v2',
    });
  });
});
