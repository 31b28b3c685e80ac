// The production origin and the retention are the spec's (its first server, `x-retention-ms`),
// generated into src/generated/service-facts.gen.ts. Expected values are read from the bundle
// here, never restated.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BASE_URL, RETENTION_MS } from '../src/index.js';

const require = createRequire(import.meta.url);
const bundle = JSON.parse(readFileSync(require.resolve('@segmind-ts/spec/openapi.json'), 'utf8'));

describe('facts the client takes from the spec', () => {
  it('defaults to the spec first server', () => {
    expect(DEFAULT_BASE_URL).toBe(new URL(bundle.servers[0].url).origin);
  });

  it('states the retention of the spec x-retention-ms', () => {
    expect(RETENTION_MS).toBe(bundle['x-retention-ms'].value);
  });
});
