import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Loads the built files the way consumers do, so a broken exports map or format fails here.
// The names are held in variables so that the type checker, which runs before the build, does
// not try to resolve them.
const packageName: string = '@segmind-ts/client';
const nodeEntry: string = '@segmind-ts/client/node';

describe('built package', () => {
  it('imports as ESM', async () => {
    const esm = await import(packageName);
    expect(typeof esm.createTransport).toBe('function');
    expect(esm.DEFAULT_BASE_URL).toBe('https://api.segmind.com');
    expect(new esm.Segmind({ apiKey: 'k' }).baseUrl).toBe('https://api.segmind.com');
    expect(new esm.RequestExpiredError({ error: 'x' })).toBeInstanceOf(esm.NotFoundError);
  });

  it('requires as CommonJS', () => {
    const cjs = createRequire(import.meta.url)(packageName);
    expect(typeof cjs.createTransport).toBe('function');
    expect(cjs.API_KEY_ENV).toBe('SEGMIND_API_KEY');
    expect(new cjs.InferenceTimeout('r', 5)).toBeInstanceOf(cjs.SegmindError);
  });

  it('serves the Node-only entry in both formats', async () => {
    const path = join(tmpdir(), `segmind-client-${process.pid}.png`);
    await writeFile(path, new Uint8Array([1, 2, 3]));
    const esm = await import(nodeEntry);
    expect(await esm.fileToBase64(path)).toBe('AQID');
    const cjs = createRequire(import.meta.url)(nodeEntry);
    expect(await cjs.fileToDataUri(path)).toBe('data:image/png;base64,AQID');
  });
});
