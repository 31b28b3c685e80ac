import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { downloadOutput, NotFoundError, toBase64, toDataUri } from '../src/index.js';
import { fileToBase64, fileToDataUri } from '../src/node.js';
import { scriptedFetch } from './support/fake-fetch.js';

const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 255]);
const expected = Buffer.from(bytes).toString('base64');

/** The reference encoding through the platform's own btoa, one character per byte. */
const btoaOf = (input: Uint8Array) =>
  btoa(Array.from(input, (byte) => String.fromCharCode(byte)).join(''));

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('toBase64()', () => {
  it('encodes a Uint8Array, an ArrayBuffer, a Blob, a File and a DataView alike', async () => {
    expect(await toBase64(bytes)).toBe(expected);
    expect(await toBase64(bytes.slice().buffer)).toBe(expected);
    expect(await toBase64(new Blob([bytes]))).toBe(expected);
    expect(await toBase64(new File([bytes], 'in.png', { type: 'image/png' }))).toBe(expected);
    expect(await toBase64(new DataView(bytes.buffer))).toBe(expected);
  });

  it('encodes only the view of a larger buffer', async () => {
    const larger = new Uint8Array([7, 7, ...bytes, 7]);
    expect(await toBase64(larger.subarray(2, 2 + bytes.length))).toBe(expected);
  });

  // Correctness only: speed is measured by `pnpm bench` (bench/base64.mjs), never asserted here.
  // The generous timeout is for CI's two loaded cores, where even the portable path (a few
  // hundred ms for 3 MB on an idle core) can be slowed many times over.
  it('encodes a multi-megabyte image the same as Node does, on every path', {
    timeout: 60_000,
  }, async () => {
    const big = new Uint8Array(3 * 1024 * 1024 + 7).map((_, i) => (i * 31) % 256);
    const expectedBig = Buffer.from(big).toString('base64');
    expect(await toBase64(big)).toBe(expectedBig);
    vi.stubGlobal('Buffer', undefined);
    expect(await toBase64(big)).toBe(expectedBig);
  });

  it('uses Buffer where the runtime has it (Node, Bun), on the view only', async () => {
    const from = vi.spyOn(Buffer, 'from');
    const larger = new Uint8Array([7, 7, ...bytes, 7]);
    expect(await toBase64(larger.subarray(2, 2 + bytes.length))).toBe(expected);
    expect(from).toHaveBeenCalledTimes(1);
  });

  it("uses the platform's Uint8Array.prototype.toBase64 where present", async () => {
    const native = vi.fn(function (this: Uint8Array) {
      return `native:${this.length}`;
    });
    const proto = Uint8Array.prototype as { toBase64?: () => string };
    const had = Object.hasOwn(proto, 'toBase64');
    const previous = proto.toBase64;
    proto.toBase64 = native;
    try {
      expect(await toBase64(bytes)).toBe(`native:${bytes.length}`);
      expect(native).toHaveBeenCalledTimes(1);
    } finally {
      if (had) proto.toBase64 = previous;
      else delete proto.toBase64;
    }
  });

  it('falls back to a portable encoder where neither exists (older browsers), exact at every length', async () => {
    vi.stubGlobal('Buffer', undefined);
    const every = new Uint8Array(256 * 3 + 2).map((_, i) => i % 256);
    for (const length of [0, 1, 2, 3, every.length]) {
      const slice = every.subarray(0, length);
      expect(await toBase64(slice)).toBe(btoaOf(slice));
    }
    expect(await toBase64(bytes)).toBe(expected);
  });

  it('refuses anything else', async () => {
    await expect(toBase64('not bytes' as never)).rejects.toBeInstanceOf(TypeError);
  });
});

describe('toDataUri()', () => {
  it('uses the Blob type, the given type, or PNG', async () => {
    expect(await toDataUri(new Blob([bytes], { type: 'image/webp' }))).toBe(
      `data:image/webp;base64,${expected}`,
    );
    expect(await toDataUri(bytes, 'image/jpeg')).toBe(`data:image/jpeg;base64,${expected}`);
    expect(await toDataUri(bytes)).toBe(`data:image/png;base64,${expected}`);
  });
});

describe('@segmind-ts/client/node', () => {
  it('reads a file as base64 and as a data URI typed by its extension', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'segmind-images-'));
    const path = join(dir, 'photo.JPG');
    await writeFile(path, bytes);
    expect(await fileToBase64(path)).toBe(expected);
    expect(await fileToDataUri(path)).toBe(`data:image/jpeg;base64,${expected}`);
    expect(await fileToDataUri(path, 'image/png')).toBe(`data:image/png;base64,${expected}`);
  });
});

describe('downloadOutput()', () => {
  it('returns the bytes, sending no API key', async () => {
    const { fetch, requests } = scriptedFetch(new Response(bytes));
    expect(await downloadOutput({ output: 'https://cdn.example.test/a.png' }, { fetch })).toEqual(
      bytes,
    );
    expect(requests[0]?.headers.get('x-api-key')).toBeNull();
  });

  it('maps an error status to its class', async () => {
    const { fetch } = scriptedFetch(new Response('<Error>NoSuchKey</Error>', { status: 404 }));
    const error = await downloadOutput('https://cdn.example.test/a.png', { fetch }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).error).toBe('<Error>NoSuchKey</Error>');
  });
});
