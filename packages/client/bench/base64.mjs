// `pnpm bench` (first part): the client's toBase64 against Node's Buffer on a 3 MB image,
// measured side by side in one run, since throughput on a shared machine swings between runs
// and only a ratio measured together means anything.
//
// Two comparisons, each interleaving its two encoders so that a slow spell of the machine hits
// both: toBase64 from the built package (on Node it takes Buffer's path) against Buffer, which
// the target is about; then the portable path toBase64 falls back to in runtimes with neither
// Uint8Array#toBase64 nor Buffer (the same build, with globalThis.Buffer hidden) against Buffer,
// for information. Each figure is the median of the rounds.
// Target: toBase64 at 0.5× Buffer's speed or better.
//
// Usage (after `pnpm --filter @segmind-ts/client build`):
//   node --expose-gc bench/base64.mjs [--rounds N] [--check]
//   --check exits 1 when the target is missed (figures are printed either way).
import { parseArgs } from 'node:util';
import { toBase64 } from '../dist/index.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '41' },
    check: { type: 'boolean', default: false },
  },
});
const ROUNDS = Number(args.rounds);
const SIZE = 3 * 1024 * 1024;
const TARGET = 0.5;

// Bytes that look like a compressed image: every value, in no simple order.
const bytes = new Uint8Array(SIZE);
let seed = 42;
for (let i = 0; i < SIZE; i++) {
  seed = (seed * 1_103_515_245 + 12_345) >>> 0;
  bytes[i] = seed >>> 24;
}

const NodeBuffer = globalThis.Buffer;
const withBuffer = async () =>
  NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
const withToBase64 = () => toBase64(bytes);
const withPortablePath = async () => {
  globalThis.Buffer = undefined;
  try {
    return await toBase64(bytes);
  } finally {
    globalThis.Buffer = NodeBuffer;
  }
};

const reference = await withBuffer();
for (const [name, encode] of [
  ['toBase64', withToBase64],
  ['the portable path', withPortablePath],
]) {
  if ((await encode()) !== reference) throw new Error(`${name} encodes differently from Buffer`);
}

const collect = globalThis.gc ?? (() => {});
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * The median time of one encode of `encode` and of Buffer, interleaved, in alternating order.
 * Each timing is one encode, started right after a full garbage collection (with --expose-gc):
 * the megabytes of strings an encode leaves behind are then never collected on another's time,
 * which would otherwise swamp a sub-millisecond encode.
 */
async function race(encode) {
  const times = { encode: [], buffer: [] };
  const pair = [
    ['encode', encode],
    ['buffer', withBuffer],
  ];
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of round % 2 === 0 ? pair : [...pair].reverse()) {
      collect();
      const started = performance.now();
      await run();
      times[name].push(performance.now() - started);
    }
  }
  return { ms: median(times.encode), bufferMs: median(times.buffer) };
}

console.log(
  `toBase64 vs Buffer on ${SIZE / 1024 / 1024} MB, median of ${ROUNDS} rounds (Node ${process.versions.node})`,
);
if (!globalThis.gc) console.log('(run with node --expose-gc for a collection before each encode)');
const row = (name, ms, bufferMs) =>
  console.log(
    `${name.padEnd(30)}${`${ms.toFixed(2)} ms`.padStart(10)}${`Buffer ${bufferMs.toFixed(2)} ms`.padStart(19)}${`${(bufferMs / ms).toFixed(2)}× Buffer's speed`.padStart(24)}`,
  );
const main = await race(withToBase64);
row('toBase64', main.ms, main.bufferMs);
const portable = await race(withPortablePath);
row('toBase64 without Buffer', portable.ms, portable.bufferMs);

const ratio = main.bufferMs / main.ms;
const met = ratio >= TARGET;
console.log(
  `toBase64 runs at ${ratio.toFixed(2)}× Buffer's speed: target ≥ ${TARGET}× ${met ? 'met' : 'MISSED'}`,
);
if (args.check && !met) process.exitCode = 1;
