import { afterEach, describe, expect, it } from 'vitest';
import { type ContractReport, runContractSuite, type ViolationKind } from '../src/index.js';
import { type Breakage, createReferenceTarget } from './helpers/reference-target.js';
import { type ServedHandler, serveHandler } from './helpers/serve-handler.js';

let served: ServedHandler | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

async function runAgainst(breakage?: Breakage): Promise<ContractReport> {
  const target = createReferenceTarget(breakage ? { breakage } : {});
  served = await serveHandler((request) => target.handle(request));
  return runContractSuite({ baseUrl: served.url, control: `${served.url}/__mock` });
}

function violationsOf(report: ContractReport, kind: ViolationKind) {
  return report.checks.flatMap((check) =>
    check.violations.filter((v) => v.kind === kind).map((v) => ({ check: check.name, ...v })),
  );
}

/**
 * The report of a broken target: it must fail as a whole and name the rule broken. Returns the
 * violations of that kind, for the test to check what each says.
 */
function caught(report: ContractReport, kind: ViolationKind) {
  expect(report.ok).toBe(false);
  expect(report.totals.failed).toBeGreaterThan(0);
  const found = violationsOf(report, kind);
  expect(found.length).toBeGreaterThan(0);
  return found;
}

describe('a target that follows the contract', () => {
  it('passes every check over HTTP with control', async () => {
    const report = await runAgainst();
    const failures = report.checks.filter((c) => c.outcome !== 'pass');
    expect(failures).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.totals.violations).toBe(0);
    expect(report.totals.exchanges).toBeGreaterThan(50);
  });
});

// One test per kind of breakage: the suite must name the rule, not only fail.
describe('a target that breaks the contract', () => {
  it('catches a wrong status (submit answers 201)', async () => {
    const report = await runAgainst('wrong-status');
    const found = caught(report, 'undocumented-status');
    expect(found[0]?.message).toMatch(/backgroundEraserSubmit answered 201/);
  });

  it('catches a missing field (result without output)', async () => {
    const report = await runAgainst('missing-field');
    const found = caught(report, 'schema');
    expect(
      found.some((v) => /getRequestResult 200: .*required property 'output'/.test(v.message)),
    ).toBe(true);
  });

  it('catches a wrong type (inference_time as a string)', async () => {
    const report = await runAgainst('wrong-type');
    const found = caught(report, 'schema');
    expect(found.some((v) => /\/metrics\/inference_time must be number/.test(v.message))).toBe(
      true,
    );
    expect(found[0]?.at).toBe('/metrics/inference_time');
  });

  it('catches a relative status_url', async () => {
    const report = await runAgainst('relative-url');
    const found = caught(report, 'relative-url');
    expect(found[0]?.message).toMatch(/status_url "\/v2\/requests\/job-1\/status"/);
  });

  it('catches a state going backwards across polls', async () => {
    const report = await runAgainst('state-backwards');
    const found = caught(report, 'state-regression');
    expect(found[0]?.message).toBe('state went from PROCESSING to QUEUED');
  });

  it('catches a result served after expiry', async () => {
    const report = await runAgainst('serve-after-expiry');
    const found = caught(report, 'served-after-expiry');
    expect(found.map((v) => v.check)).toContain(
      'v2 bria-erase-foreground: gone 1 h after submission',
    );
    // status, result, poll_url and output image are all still served
    expect(found).toHaveLength(4);
    // and nothing else is wrong with this target
    expect(report.checks.filter((c) => c.outcome === 'fail')).toHaveLength(1);
  });

  it('catches a job kept one hour from its end rather than from its submit', async () => {
    const report = await runAgainst('expire-from-completion');
    const found = caught(report, 'served-after-expiry');
    expect(found.map((v) => v.check)).toEqual(
      Array(4).fill('v2 bria-erase-foreground: gone 1 h after submission'),
    );
    expect(found[0]?.message).toMatch(
      /^answered 200 3601 s after the submit; status and result are stored for 1 h \(3600 s\)/,
    );
    expect(report.checks.filter((c) => c.outcome === 'fail')).toHaveLength(1);
  });

  it('catches a waiting status body without the job URLs', async () => {
    const report = await runAgainst('waiting-body-without-urls');
    const found = caught(report, 'status-body');
    expect(found[0]?.message).toBe('a QUEUED status body has no status_url');
  });

  it('catches a status_url on a foreign origin, and does not follow it with the key', async () => {
    const report = await runAgainst('foreign-origin');
    const found = caught(report, 'foreign-origin');
    expect(found[0]?.message).toMatch(
      /status_url "http:\/\/127\.0\.0\.2:9\/.*" is on http:\/\/127\.0\.0\.2:9/,
    );
    expect(report.exchanges.some((e) => e.url.startsWith('http://127.0.0.2'))).toBe(false);
    expect(violationsOf(report, 'network-error')).toEqual([]);
  });

  it('catches a status body that names another request id', async () => {
    const report = await runAgainst('wrong-request-id');
    const found = caught(report, 'request-id-mismatch');
    expect(found[0]?.message).toBe('asked for job-1, the body names "job-1-other"');
  });

  it('catches a FAILED job served with 200', async () => {
    const report = await runAgainst('failed-as-200');
    const found = caught(report, 'failed-body');
    expect(found.map((v) => v.check)).toEqual([
      'v2 bria-erase-foreground: FAILED served as 422 with its body',
    ]);
    expect(found[0]?.message).toMatch(/must answer 422 .* got 200/);
  });

  it('catches an output image that needs the API key', async () => {
    const report = await runAgainst('output-needs-key');
    const found = caught(report, 'output-not-png');
    expect(found).toHaveLength(2); // one per model
    expect(found[0]?.message).toMatch(/fetched without the API key, came with status 401/);
  });
});
