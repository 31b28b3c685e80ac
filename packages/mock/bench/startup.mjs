// `pnpm --filter @segmind-ts/mock bench:startup`: how soon the built package is ready, in fresh
// node processes as a test runner or the server sees it. Loading `@segmind-ts/mock/core` and
// creating the first mock (validators come compiled from the spec) should take well under the
// 300 ms a server may take to be ready; a second mock, under 20 ms. Not a test: wall time
// depends on the machine and its load, so it prints the median of several runs against these
// targets, and `--check` exits 1 when one is missed.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNS = 7;
const TARGETS = { loadAndFirst: 300, next: 20 };
const root = fileURLToPath(new URL('..', import.meta.url));

const probe = `const t0 = performance.now();
const { createSegmindMockCore } = await import('@segmind-ts/mock/core');
const t1 = performance.now();
createSegmindMockCore();
const t2 = performance.now();
createSegmindMockCore();
const t3 = performance.now();
console.log(JSON.stringify({ loadAndFirst: t2 - t0, load: t1 - t0, next: t3 - t2 }));`;

const samples = [];
for (let run = 0; run < RUNS; run++) {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', probe], {
    cwd: root,
    encoding: 'utf8',
  });
  samples.push(JSON.parse(out));
}
const median = (key) => {
  const sorted = samples.map((sample) => sample[key]).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

console.log(
  `@segmind-ts/mock startup · Node ${process.version} · median of ${RUNS} fresh processes`,
);
let missed = false;
for (const [key, label] of [
  ['loadAndFirst', 'import @segmind-ts/mock/core + first createSegmindMockCore()'],
  ['next', 'a second createSegmindMockCore()'],
]) {
  const value = median(key);
  const ok = value < TARGETS[key];
  missed ||= !ok;
  console.log(
    `${label.padEnd(58)} ${value.toFixed(2).padStart(8)} ms  target < ${TARGETS[key]} ms  ${ok ? 'ok' : 'MISSED'}`,
  );
}
console.log(`(of which the import alone: ${median('load').toFixed(2)} ms)`);
if (missed && process.argv.includes('--check')) process.exitCode = 1;
