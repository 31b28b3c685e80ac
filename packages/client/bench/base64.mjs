// `pnpm bench` (first part): the client's toBase64 against Node's Buffer on a 3 MB image,
// measured side by side in one run, since throughput on a shared machine swings between runs
// and only a ratio measured together means anything.
//
// Three encoders are timed on the same bytes, alternating rounds so that a slow spell of the
// machine hits them all: toBase64 from the built package (on Node it takes Buffer's path), the
// portable path it falls back to in runtimes with neither Uint8Array#toBase64 nor Buffer (the
// same build, with globalThis.Buffer hidden), and Buffer itself. Each figure is the median of
// the rounds; in a round each encoder runs repeatedly for about 25 ms. Target: toBase64 at 0.5× Buffer's speed or better.
//
// Usage: node bench/base64.mjs [--rounds N] [--check]   (after `pnpm --filter @segmind-ts/client build`)
//   --check exits 1 when the target is missed (figures are printed either way).
import { parseArgs } from 'node:util';
import { toBase64 } from '../dist/index.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '15' },
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
const encoders = {
  toBase64: () => toBase64(bytes),
  'toBase64, portable path': async () => {
    globalThis.Buffer = undefined;
    try {
      return await toBase64(bytes);
    } finally {
      globalThis.Buffer = NodeBuffer;
    }
  },
  Buffer: async () =>
    NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
};

const reference = await encoders.Buffer();
for (const [name, encode] of Object.entries(encoders)) {
  if ((await encode()) !== reference) throw new Error(`${name} encodes differently from Buffer`);
}

// A 3 MB encode can take well under a millisecond, below what one timing can resolve on a busy
// machine: each sample repeats an encoder enough times to last about SAMPLE_MS.
const SAMPLE_MS = 25;
const repeats = {};
for (const [name, encode] of Object.entries(encoders)) {
  const started = performance.now();
  let count = 0;
  while (performance.now() - started < SAMPLE_MS) {
    await encode();
    count++;
  }
  repeats[name] = count;
}

const times = Object.fromEntries(Object.keys(encoders).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, encode] of Object.entries(encoders)) {
    const started = performance.now();
    for (let i = 0; i < repeats[name]; i++) await encode();
    times[name].push((performance.now() - started) / repeats[name]);
  }
}
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const buffer = median(times.Buffer);
console.log(
  `toBase64 vs Buffer on ${SIZE / 1024 / 1024} MB, median of ${ROUNDS} rounds (Node ${process.versions.node})`,
);
console.log(`${'encoder'.padEnd(26)}${'ms'.padStart(9)}${'speed vs Buffer'.padStart(18)}`);
for (const name of Object.keys(encoders)) {
  const ms = median(times[name]);
  console.log(
    `${name.padEnd(26)}${ms.toFixed(2).padStart(9)}${`${(buffer / ms).toFixed(2)}×`.padStart(18)}`,
  );
}
const ratio = buffer / median(times.toBase64);
const met = ratio >= TARGET;
console.log(
  `toBase64 runs at ${ratio.toFixed(2)}× Buffer's speed: target ≥ ${TARGET}× ${met ? 'met' : 'MISSED'}`,
);
if (args.check && !met) process.exitCode = 1;
