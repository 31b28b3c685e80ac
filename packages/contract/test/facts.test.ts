// The facts of the spec, as the judge and the docs read them from its extensions.
import { describe, expect, it } from 'vitest';
import { JUDGE_RULES, listAssumptions, listSpecFacts, listSpecSources } from '../src/index.js';

describe('listSpecFacts', () => {
  const facts = listSpecFacts();

  it('lists each fact once, with a source from info.x-sources', () => {
    const ids = facts.map((fact) => fact.id);
    expect(new Set(ids).size).toBe(ids.length);
    const sources = new Set(listSpecSources().map((source) => source.id));
    for (const fact of facts) {
      expect(fact.sources.length, fact.where).toBeGreaterThan(0);
      for (const source of fact.sources) expect(sources, fact.where).toContain(source);
    }
  });

  it('places a shared answer by its status and name, an own one by its operation', () => {
    const where = facts.map((fact) => fact.where);
    expect(where).toEqual(
      expect.arrayContaining([
        '429 of 8 operations (RateLimited)',
        'POST /v2/background-eraser, POST /v2/bria-erase-foreground → 200',
        'GET /v2/requests/{request_id} → 202',
        'header x-rate-limit-reset-at-utc',
        'SubmitResponse.poll_url',
        'behaviour retention-from-submission',
      ]),
    );
  });

  it('knows where each header and body shows on the wire', () => {
    const reset = facts.find((fact) => fact.where === 'header x-rate-limit-reset-at-utc');
    expect(reset?.usedBy.map((u) => u.status)).toEqual(Array(8).fill('429'));
    const pollUrl = facts.find((fact) => fact.where === 'SubmitResponse.poll_url');
    expect(pollUrl?.property).toEqual({
      schema: 'SubmitResponse',
      name: 'poll_url',
      required: true,
    });
    expect(pollUrl?.usedBy.map((u) => u.operationId).sort()).toEqual([
      'backgroundEraserSubmit',
      'briaEraseForegroundSubmit',
    ]);
  });
});

describe('listAssumptions', () => {
  const assumptions = listAssumptions();

  it('are the unverified facts and those from assumption or third-party sources', () => {
    expect(assumptions.length).toBeGreaterThanOrEqual(15);
    for (const fact of assumptions) {
      expect(
        fact.unverified || fact.sources.some((s) => s === 'assumption' || s === 'third-party'),
      ).toBe(true);
      expect(fact.confirmBy, fact.where).toMatch(/\w+ \w+ \w+/);
    }
    expect(assumptions.map((fact) => fact.where)).toEqual(
      expect.arrayContaining(['behaviour failed-not-charged', 'header x-request-id']),
    );
    expect(assumptions.map((fact) => fact.where)).not.toContain(
      'behaviour retention-from-submission',
    );
  });

  it('name only rules the judge has', () => {
    const named = listSpecFacts()
      .map((fact) => fact.judge)
      .filter((judge): judge is string => judge !== undefined);
    expect(named.length).toBeGreaterThan(0);
    for (const judge of named) expect(JUDGE_RULES).toContain(judge);
  });
});
