// The client states no fact of the service and no model by hand: the production origin, the
// retention, the job states and the model list are the spec's (`@segmind-ts/spec`), imported at
// run time, and the client keeps no generated copy of them. Expected values are read from the
// spec package here, never restated.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODELS, PRODUCTION_ORIGIN, RETENTION_MS as SPEC_RETENTION_MS } from '@segmind-ts/spec';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BASE_URL, RETENTION_MS } from '../src/index.js';
import { filesWhoseCode } from './support/source-code.js';

const packageDir = fileURLToPath(new URL('../', import.meta.url));
const src = join(packageDir, 'src');

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('facts the client takes from the spec', () => {
  it('defaults to the spec production origin', () => {
    expect(DEFAULT_BASE_URL).toBe(PRODUCTION_ORIGIN);
  });

  it('states the spec retention', () => {
    expect(RETENTION_MS).toBe(SPEC_RETENTION_MS);
  });
});

describe('the client sources', () => {
  it('keep no generated copy of the spec, and no generator', () => {
    expect(existsSync(join(src, 'generated'))).toBe(false);
    expect(existsSync(join(packageDir, 'scripts'))).toBe(false);
    const { scripts } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    expect(Object.keys(scripts)).not.toContain('gen');
    expect(Object.keys(scripts)).not.toContain('check:gen');
  });

  it('name no model of the spec in code', () => {
    for (const slug of Object.keys(MODELS)) {
      expect(filesWhoseCode(new RegExp(escapeRegExp(slug))), slug).toEqual([]);
    }
  });

  it('define neither the retention, nor the origin, nor the job states', () => {
    expect(filesWhoseCode(/\b3_?600_?000\b|60 \* 60 \* 1_?000/)).toEqual([]);
    expect(filesWhoseCode(/api\.segmind\.com/)).toEqual([]);
    expect(filesWhoseCode(/['"`](QUEUED|PROCESSING)['"`]/)).toEqual([]);
  });
});
