// `pnpm record:example`: records the example scenario (test/helpers/record-scenario.ts) through
// `segmind-mock record` in front of a segmind-mock server on loopback, and keeps, under
// test/fixtures/: the recording (recording.har), what the client did (recording.log.txt), the
// judge's report on it (recording.judge.txt) and the timings calibrated from it
// (recording.timings.txt). Nothing leaves the machine. test/example-recording.test.ts checks
// that the kept files agree with each other.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { calibrateTimings, formatCalibration, parseHar } from '@segmind-ts/mock/record';
import { formatJudgeReport, judgeRecording, parseHarDocument } from '../src/index.js';
import { EXAMPLE_HAR, exampleUpstream } from '../test/helpers/example-upstream.js';
import { controlledUpstream, recordScenario } from '../test/helpers/record-scenario.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../test/fixtures/${name}`, import.meta.url));

const upstream = await exampleUpstream();
try {
  const { log, recorded } = await recordScenario(
    controlledUpstream(upstream.url),
    fixture('recording.har'),
  );
  writeFileSync(fixture('recording.log.txt'), `${log.join('\n')}\n`);
  console.log(`recorded ${recorded} exchanges to ${fixture('recording.har')}`);
} finally {
  await upstream.close();
}
const text = readFileSync(fixture('recording.har'), 'utf8');
const report = judgeRecording(parseHarDocument(text));
writeFileSync(fixture('recording.judge.txt'), `${formatJudgeReport(report, EXAMPLE_HAR)}\n`);
writeFileSync(
  fixture('recording.timings.txt'),
  formatCalibration(calibrateTimings(parseHar(text)), EXAMPLE_HAR),
);
console.log(readFileSync(fixture('recording.judge.txt'), 'utf8'));
console.log(readFileSync(fixture('recording.timings.txt'), 'utf8'));
process.exitCode = report.ok ? 0 : 1;
