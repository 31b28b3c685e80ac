// segmind-contract judge, on recordings made here without network: the client run through
// `segmind-mock record` in front of an upstream on loopback (the mock, or a target that breaks a
// documented fact on purpose).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatJudgeReport,
  type JudgeReport,
  judgeRecording,
  listAssumptions,
  parseHarDocument,
} from '../src/index.js';
import { exampleUpstream } from './helpers/example-upstream.js';
import { controlledUpstream, recordScenario, SCENARIO_KEYS } from './helpers/record-scenario.js';
import { type Breakage, createReferenceTarget } from './helpers/reference-target.js';
import { serveHandler } from './helpers/serve-handler.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'segmind-judge-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const verdict = (report: JudgeReport, where: string) =>
  report.assumptions.find((a) => a.where === where);

describe('judging a recording of the client against segmind-mock', () => {
  let report: JudgeReport;
  let log: string[];
  let text: string;

  beforeAll(async () => {
    const upstream = await exampleUpstream();
    try {
      const out = join(dir, 'mock.har');
      ({ log } = await recordScenario(controlledUpstream(upstream.url), out));
      text = await readFile(out, 'utf8');
      report = judgeRecording(parseHarDocument(text));
      if (process.env.SHOW_JUDGE) console.log(formatJudgeReport(report), log.join('\n'));
    } finally {
      await upstream.close();
    }
  });

  it('covers both models, a failure, an expiry and a rate limit', () => {
    expect(log).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^v2 failure: InferenceFailed: Output image flagged/),
        expect.stringMatching(/^ {2}1 h 5 s after the submit: 404 Request not found/),
        expect.stringMatching(/^free plan: call 6 rate limited, retry after \d+ ms$/),
      ]),
    );
    expect(report.models).toEqual({ 'background-eraser': 1, 'bria-erase-foreground': 3 });
    expect(report.clock).toBe('server Date headers');
    expect(text).not.toContain(SCENARIO_KEYS.pro);
  });

  it('finds no violation of a documented fact', () => {
    expect(report.violations).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.totals.judged).toBeGreaterThan(30);
    expect(report.totals.outputs).toBe(5);
  });

  it('confirms the assumptions the scenario exercised, and contradicts none', () => {
    expect(report.assumptions.filter((a) => a.outcome === 'contradicted')).toEqual([]);
    for (const where of [
      'POST /v2/background-eraser, POST /v2/bria-erase-foreground → 200',
      'GET /v2/requests/{request_id} → 202',
      'GET /v1/requests/{request_id}',
      'header x-request-id',
      'header x-rate-limit-remaining',
      'header x-rate-limit-reset-at-utc',
      'header Retry-After',
      'header x-remaining-credits',
      'schema BackgroundEraserBase64Output',
      'ResultResponse.output',
      'behaviour failed-not-charged',
      'behaviour output-expires-with-job',
    ]) {
      expect(verdict(report, where), where).toMatchObject({ outcome: 'confirmed' });
    }
    expect(verdict(report, 'behaviour failed-not-charged')?.evidence).toMatch(
      /^the balance stayed 9\d? \(#\d+, #\d+\) across job\(s\) [0-9a-f-]{36}, which ended FAILED$/,
    );
    expect(verdict(report, 'behaviour output-expires-with-job')?.evidence).toMatch(
      /answered 404, e\.g\. #\d+ GET \/outputs\/.+\.png → 404 3605 s after its submit/,
    );
  });

  it('lists every assumption of the spec, each with a verdict', () => {
    expect(report.assumptions.map((a) => a.id).sort()).toEqual(
      listAssumptions()
        .map((fact) => fact.id)
        .sort(),
    );
  });
});

describe('judging a recording of an upstream that breaks a documented fact', () => {
  async function judgeBroken(breakage: Breakage): Promise<JudgeReport> {
    const target = createReferenceTarget({ breakage });
    const served = await serveHandler((request) => target.handle(request));
    try {
      const out = join(dir, `${breakage}.har`);
      await recordScenario(controlledUpstream(served.url), out);
      return judgeRecording(parseHarDocument(await readFile(out, 'utf8')));
    } finally {
      await served.close();
    }
  }

  it('names a relative status_url', async () => {
    const report = await judgeBroken('relative-url');
    expect(report.ok).toBe(false);
    const found = report.violations.filter((v) => v.kind === 'relative-url');
    expect(found.length).toBe(4); // one per v2 submit
    expect(found[0]?.message).toMatch(
      /^status_url "\/v2\/requests\/job-1\/status" is not an absolute/,
    );
    expect(found[0]?.exchange).toMatch(
      /^#\d+ POST http:\/\/127\.0\.0\.1:\d+\/v2\/background-eraser$/,
    );
  });

  it('names a job kept an hour from its end instead of its submit', async () => {
    const report = await judgeBroken('expire-from-completion');
    expect(report.ok).toBe(false);
    // Its status and its result, both still served 1 h 5 s after the submit.
    expect(report.violations.map((v) => v.kind)).toEqual([
      'served-after-expiry',
      'served-after-expiry',
    ]);
    expect(report.violations[0]?.message).toBe(
      'answered 200 3605 s after the submit; status and result are stored for 1 h (3600 s) after submission (expected 404)',
    );
    expect(verdict(report, 'behaviour output-expires-with-job')?.outcome).toBe('contradicted');
  });
});
