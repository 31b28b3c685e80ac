import { describe, expect, it } from 'vitest';

// Loads the built package the way consumers do, so a broken exports map fails here. The name
// is held in a variable so that the type checker, which runs before the build, does not resolve it.
const packageName: string = '@segmind-ts/contract';

describe('built package', () => {
  it('imports as ESM and exposes the suite, the validator and the control adapters', async () => {
    const contract = await import(packageName);
    for (const name of [
      'runContractSuite',
      'createResponseValidator',
      'httpControl',
      'mockControl',
      'handlerFetch',
      'formatSummary',
    ]) {
      expect(typeof contract[name], name).toBe('function');
    }
    expect(contract.CONTRACT_CHECKS.length).toBeGreaterThan(15);
  });
});
