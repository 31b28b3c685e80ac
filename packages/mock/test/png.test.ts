import { crc32 as nodeCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { renderPicture } from '../src/core/picture.js';
import { adler32, crc32, encodePng } from '../src/core/png.js';
import { createSegmindMockCore, PICTURE_SIZE } from '../src/core.js';
import { decodePng } from './png-decode.js';
import { BRIA_INPUT, ERASER_INPUT, get, post } from './support.js';

const INSTANT = { default: { queueMs: 0, processingMs: 0 } };

async function outputOf(
  mock: ReturnType<typeof createSegmindMockCore>,
  model: string,
  body: unknown,
) {
  const submitted = (await (await mock.handle(post(`/v2/${model}`, body))).json()) as {
    response_url: string;
  };
  const result = (await (await mock.handle(get(submitted.response_url))).json()) as {
    output: string;
  };
  const response = await mock.handle(get(result.output, null));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('image/png');
  return new Uint8Array(await response.arrayBuffer());
}

function alphaCount(rgba: Uint8Array, value: number) {
  let n = 0;
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] === value) n++;
  return n;
}

describe('PNG outputs', () => {
  it('encodes checksums as zlib does', () => {
    const data = new TextEncoder().encode('The quick brown fox jumps over the lazy dog');
    expect(crc32(data)).toBe(nodeCrc32(data));
    expect(adler32(data)).toBe(0x5bdc0fda);
  });

  it('writes a PNG that a strict decoder reads back pixel for pixel, across several deflate blocks', () => {
    const width = 300;
    const height = 100; // 120,100 bytes of scanlines: two stored blocks
    const rgba = new Uint8Array(width * height * 4).map((_, i) => (i * 7) & 0xff);
    const decoded = decodePng(encodePng(width, height, rgba));
    expect(decoded.width).toBe(width);
    expect(decoded.height).toBe(height);
    expect(decoded.rgba).toEqual(rgba);
    expect(() => encodePng(2, 2, new Uint8Array(3))).toThrow(RangeError);
  });

  it('serves a decodable picture for a completed job, the same for the same input', async () => {
    const mock = createSegmindMockCore({ timings: INSTANT });
    const a = await outputOf(mock, 'bria-erase-foreground', BRIA_INPUT);
    const b = await outputOf(mock, 'bria-erase-foreground', BRIA_INPUT);
    const other = await outputOf(mock, 'bria-erase-foreground', {
      image: 'https://example.com/other.jpg',
    });
    const decoded = decodePng(a);
    expect([decoded.width, decoded.height]).toEqual([PICTURE_SIZE, PICTURE_SIZE]);
    expect(alphaCount(decoded.rgba, 255)).toBe(PICTURE_SIZE * PICTURE_SIZE);
    expect(b).toEqual(a);
    expect(other).not.toEqual(a);
    decodePng(other);
  });

  it('draws background-eraser as a cut-out, or as a mask that grows and inverts', async () => {
    const mock = createSegmindMockCore({ timings: INSTANT });
    const cutout = decodePng(await outputOf(mock, 'background-eraser', ERASER_INPUT));
    const transparent = alphaCount(cutout.rgba, 0);
    expect(transparent).toBeGreaterThan(0);
    expect(transparent).toBeLessThan(PICTURE_SIZE * PICTURE_SIZE);
    const white = (png: Uint8Array) => {
      const { rgba } = decodePng(png);
      let n = 0;
      for (let i = 0; i < rgba.length; i += 4) if (rgba[i] === 255) n++;
      return n;
    };
    const mask = white(
      await outputOf(mock, 'background-eraser', { ...ERASER_INPUT, return_mask: true }),
    );
    const grown = white(
      await outputOf(mock, 'background-eraser', {
        ...ERASER_INPUT,
        return_mask: true,
        grow_mask: 20,
      }),
    );
    const inverted = white(
      await outputOf(mock, 'background-eraser', {
        ...ERASER_INPUT,
        return_mask: true,
        invert_mask: true,
      }),
    );
    expect(grown).toBeGreaterThan(mask);
    expect(mask + inverted).toBe(PICTURE_SIZE * PICTURE_SIZE);
    // The mask's subject is the cut-out's opaque area: same image, same subject.
    expect(mask).toBe(PICTURE_SIZE * PICTURE_SIZE - transparent);
  });

  it('answers v1 with the PNG bytes, or base64 JSON of the same picture when asked', async () => {
    const mock = createSegmindMockCore();
    const bytes = new Uint8Array(
      await (await mock.handle(post('/v1/background-eraser', ERASER_INPUT))).arrayBuffer(),
    );
    decodePng(bytes);
    const response = await mock.handle(
      post('/v1/background-eraser', { ...ERASER_INPUT, base64: true }),
    );
    expect(response.headers.get('content-type')).toBe('application/json');
    const { image } = (await response.json()) as { image: string };
    expect(new Uint8Array(Buffer.from(image, 'base64'))).toEqual(bytes);
  });

  it('serves no picture before completion, for a failed job, or for a malformed name', async () => {
    const mock = createSegmindMockCore();
    const submitted = (await (
      await mock.handle(post('/v2/background-eraser', ERASER_INPUT))
    ).json()) as {
      request_id: string;
    };
    const output = `/outputs/${submitted.request_id}.png`;
    expect((await mock.handle(get(output, null))).status).toBe(404);
    mock.clock.advance(4000);
    expect((await mock.handle(get(output, null))).status).toBe(200);
    expect((await mock.handle(get(`/outputs/${submitted.request_id}`, null))).status).toBe(404);
    expect((await mock.handle(post(output, {}))).status).toBe(405);
    const failing = createSegmindMockCore({ timings: INSTANT });
    failing.failNext();
    const job = (await (
      await failing.handle(post('/v2/background-eraser', ERASER_INPUT))
    ).json()) as {
      request_id: string;
    };
    expect((await failing.handle(get(`/outputs/${job.request_id}.png`, null))).status).toBe(404);
  });

  it('renders each kind deterministically', () => {
    for (const kind of ['cutout', 'mask', 'erased'] as const) {
      expect(renderPicture({ kind, seed: 9 })).toEqual(renderPicture({ kind, seed: 9 }));
    }
  });
});
