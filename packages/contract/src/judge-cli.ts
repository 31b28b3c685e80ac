import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { HarFormatError, parseHarDocument } from './har.js';
import { formatJudgeReport, judgeRecording } from './judge.js';

/** The help of `segmind-contract judge`. */
export const JUDGE_HELP = `segmind-contract judge: judge a recording of real traffic against the spec.

Usage:
  segmind-contract judge FILE.har [--report FILE] [--tolerance SECONDS]

Reads a HAR 1.2 file (from \`segmind-mock record\`, a browser or any HTTP tool) and judges every
answer with the same validator and lifecycle rules as a live run: status, content type, body and
headers against the spec; absolute job URLs, states that only move forward, echoed ids, FAILED as
422, the status body, retention one hour after submission. Then it says, for each assumption the
spec makes about the real service (x-unverified, or x-source assumption / third-party), whether
the recording confirmed it, contradicted it, or did not exercise it, and what would confirm it.

Options:
  --report FILE         Write the JSON report there.
  --tolerance SECONDS   Slack around the hour of retention (default 3: Date headers are to the
                        second).
  -h, --help            Show this help.

Exit code: 0 when no answer broke a documented fact (a contradicted assumption is reported, not
failed: the spec's guess was wrong), 1 on a violation, 2 on bad arguments or an unreadable file.`;

/** Runs `segmind-contract judge` with `argv` (after the word `judge`); resolves the exit code. */
export async function judgeMain(argv: readonly string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        report: { type: 'string' },
        tolerance: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  }
  try {
    parsed = parse();
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${JUDGE_HELP}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(JUDGE_HELP);
    return 0;
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) {
    console.error(`Give exactly one HAR file.\n\n${JUDGE_HELP}`);
    return 2;
  }
  const tolerance = parsed.values.tolerance === undefined ? 3 : Number(parsed.values.tolerance);
  if (!(Number.isFinite(tolerance) && tolerance >= 0)) {
    console.error('--tolerance must be a number of seconds >= 0');
    return 2;
  }
  let har: ReturnType<typeof parseHarDocument>;
  try {
    har = parseHarDocument(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason =
      error instanceof HarFormatError
        ? error.message
        : `cannot read it: ${(error as Error).message}`;
    console.error(`segmind-contract judge: ${file} is ${reason}`);
    return 2;
  }
  const report = judgeRecording(har, { toleranceMs: tolerance * 1000 });
  console.log(formatJudgeReport(report, file));
  if (parsed.values.report) {
    writeFileSync(parsed.values.report, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`report: ${parsed.values.report}`);
  }
  return report.ok ? 0 : 1;
}
