import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// Loads the built files the way consumers do, so a broken exports map or format fails here.
// The name is held in a variable so that the type checker, which runs before the build, does not
// try to resolve it.
const packageName: string = '@segmind-ts/client';

describe('built package', () => {
  it('imports as ESM', async () => {
    const esm = await import(packageName);
    expect(typeof esm.createTransport).toBe('function');
    expect(esm.DEFAULT_BASE_URL).toBe('https://api.segmind.com');
  });

  it('requires as CommonJS', () => {
    const cjs = createRequire(import.meta.url)(packageName);
    expect(typeof cjs.createTransport).toBe('function');
    expect(cjs.API_KEY_ENV).toBe('SEGMIND_API_KEY');
  });
});
