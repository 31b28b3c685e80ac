/**
 * The samples generated from the model registry (`examples/generated/`): the committed files are
 * exactly what the spec gives, and each model's two samples run against the mock through MSW, as
 * a reader would run them (`new Segmind()`, the key from SEGMIND_API_KEY, the production origin).
 * Every model of the registry is run, so a model added to the spec is run here too. The mock's
 * real clock runs 100 times faster, so a 13-second job takes 130 ms.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MODEL_EXAMPLES, MODELS } from '@segmind-ts/spec';
import { describe, expect, it } from 'vitest';
import { modelSamples } from '../scripts/lib/model-samples.mjs';
import { packageDir } from './helpers/dist.js';
import { sampleHarness } from './helpers/sample-harness.js';

const examplesDir = join(packageDir, 'examples');
const samples = modelSamples(MODELS, MODEL_EXAMPLES);
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('examples/generated/', () => {
  it('holds exactly the samples the registry gives (run `pnpm gen` when this fails)', () => {
    const onDisk = readdirSync(join(examplesDir, 'generated')).sort();
    expect(onDisk).toEqual(samples.map((sample) => sample.file.replace('generated/', '')).sort());
    for (const sample of samples) {
      expect(readFileSync(join(examplesDir, sample.file), 'utf8'), sample.file).toBe(sample.text);
    }
  });
});

describe('each model sample, run against the mock', () => {
  const harness = sampleHarness();

  /** The generated module of a sample; its function runs the displayed code. */
  const load = (file: string) => import(pathToFileURL(join(examplesDir, file)).href);

  it.each(samples.filter((sample) => sample.kind === 'sync'))(
    '$file: the v1 call answers image bytes',
    async ({ file }) => {
      const { runSync } = await load(file);
      const { image, contentType } = await runSync();
      expect(contentType).toMatch(/^image\//);
      expect([...image.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
      expect(harness.logged[0]).toEqual([contentType, image.byteLength, 'bytes']);
    },
  );

  it.each(samples.filter((sample) => sample.kind === 'submit'))(
    '$file: the job is queued, followed and COMPLETED, and its output printed',
    async ({ file }) => {
      const { submitAndWait } = await load(file);
      const job = await submitAndWait();
      expect(harness.logged[0]).toEqual([job.requestId]);
      const statuses = harness.logged.slice(1, -1).map(([status]) => status);
      expect(statuses.at(-1)).toBe('COMPLETED');
      expect(String(harness.logged.at(-1)?.[0])).toMatch(
        /^https:\/\/api\.segmind\.com\/outputs\/.+/,
      );
    },
  );
});
