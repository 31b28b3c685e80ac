// @ts-check
/**
 * Writes the TypeScript samples of every model of the spec's registry under
 * `examples/generated/` (see `lib/model-samples.mjs`), and removes those of a model the spec no
 * longer has. With `--check` (`check:gen`) it writes nothing and fails when a file is out of
 * date, missing or left over.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODEL_EXAMPLES, MODELS } from '@segmind-ts/spec';
import { writeOrCheck } from '@segmind-ts/spec/tooling';
import { GENERATED_DIR, modelSamples } from './lib/model-samples.mjs';

const check = process.argv.includes('--check');
const examplesDir = join(dirname(dirname(fileURLToPath(import.meta.url))), 'examples');
const generatedDir = join(examplesDir, GENERATED_DIR);
const samples = modelSamples(MODELS, MODEL_EXAMPLES);

if (!check) mkdirSync(generatedDir, { recursive: true });
for (const sample of samples) writeOrCheck(join(examplesDir, sample.file), sample.text, check);

const expected = new Set(samples.map((sample) => join(examplesDir, sample.file)));
/** @type {string[]} */
let present = [];
try {
  present = readdirSync(generatedDir).map((name) => join(generatedDir, name));
} catch {}
for (const leftover of present.filter((file) => !expected.has(file))) {
  const shown = relative(process.cwd(), leftover);
  if (check) {
    console.error(`${shown} belongs to no model of the spec. Run \`pnpm gen\` from the root.`);
    process.exitCode = 1;
  } else {
    rmSync(leftover);
    console.log(`removed ${shown}`);
  }
}
