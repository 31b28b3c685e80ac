import { type MockServer, startMockServer } from '@segmind-ts/mock/server';
import { SCENARIO_KEYS } from './record-scenario.js';

/**
 * Where the example recording is kept, relative to the package (as `segmind-contract judge` is
 * run there); `pnpm record:example` writes it and its report, log and timings beside it.
 */
export const EXAMPLE_HAR = 'test/fixtures/recording.har';

/**
 * The upstream of the example recording: segmind-mock on a virtual clock, with a key on the pro
 * plan (100 credits) and one on the free plan (5 credits), at the default timings.
 */
export function exampleUpstream(): Promise<MockServer> {
  return startMockServer({
    port: 0,
    clock: 'virtual',
    seed: 2026,
    logLevel: 'silent',
    apiKeys: {
      [SCENARIO_KEYS.pro]: { credits: 100, rateLimit: 'pro' },
      [SCENARIO_KEYS.free]: { credits: 5, rateLimit: 'free' },
    },
  });
}
