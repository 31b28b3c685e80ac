// This file is both a guide sample and a test that runs in this package's suite.
// #region sample
import { formatSummary, handlerFetch, mockControl, runContractSuite } from '@segmind-ts/contract';
import { createSegmindMock } from '@segmind-ts/mock';
import { expect, it } from 'vitest';

it('the mock honours the contract of the spec', async () => {
  // Any target works: here the simulator in-process, with no server and no interceptor. Under
  // MSW, leave `fetch` out (the global fetch is intercepted) and give your own handlers' origin.
  const mock = createSegmindMock({ clock: 'virtual' });
  const report = await runContractSuite({
    baseUrl: 'https://api.segmind.com',
    fetch: handlerFetch((request) => mock.handle(request)),
    control: mockControl(mock), // moves the virtual clock instead of waiting in real time
  });

  expect(report.ok, formatSummary(report)).toBe(true);
  expect(report.totals.passed).toBeGreaterThan(0);
  expect(report.totals.violations).toBe(0);
});
// #endregion
