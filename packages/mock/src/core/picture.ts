import { encodePng } from './png.js';
import { createRng } from './rng.js';

/**
 * What an output picture looks like, drawn from the fingerprint of the job's input so that the
 * same input always gives the same picture:
 * - `cutout`: a subject on a transparent background (a model whose `x-output` is `cutout`);
 * - `mask`: the subject's mask, white on black, maybe inverted and grown (its `mask` effect);
 * - `erased`: an opaque backdrop with the subject gone (`x-output: erased`).
 * `model-output.ts` says which, from the model's facts in the spec's registry.
 */
export interface PictureSpec {
  kind: 'cutout' | 'mask' | 'erased';
  /** Fingerprint of the input, the seed of colours and shapes. */
  seed: number;
  /** Mask only: swap subject and background. */
  invert?: boolean;
  /** Mask only: pixels added around the subject (0 to 50). */
  grow?: number;
  /** Erased only: keep an alpha channel (a soft vignette) instead of an opaque picture. */
  alpha?: boolean;
}

/** Side of the square output pictures, in pixels. */
export const PICTURE_SIZE = 128;

function hsl(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1));
  return [Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255)];
}

/** Renders the picture described by `spec` as a PNG (128 × 128 RGBA). */
export function renderPicture(spec: PictureSpec): Uint8Array<ArrayBuffer> {
  const size = PICTURE_SIZE;
  const rng = createRng(spec.seed, 7);
  const hue = rng.next() * 360;
  const [r1, g1, b1] = hsl(hue, 0.65, 0.55);
  const [r2, g2, b2] = hsl((hue + 60 + rng.next() * 120) % 360, 0.6, 0.35);
  // The "subject": an ellipse with a wobbly outline, placed near the centre.
  const cx = size * (0.4 + rng.next() * 0.2);
  const cy = size * (0.4 + rng.next() * 0.2);
  const grow = spec.kind === 'mask' ? Math.max(0, Math.min(50, spec.grow ?? 0)) : 0;
  const rx = size * (0.2 + rng.next() * 0.1) + grow;
  const ry = size * (0.25 + rng.next() * 0.1) + grow;
  const lobes = 3 + Math.floor(rng.next() * 4);
  const phase = rng.next() * Math.PI * 2;
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = (x - cx) / rx;
      const dy = (y - cy) / ry;
      const wobble = 1 + 0.12 * Math.sin(Math.atan2(dy, dx) * lobes + phase);
      const inside = dx * dx + dy * dy <= wobble * wobble;
      const t = (x + y) / (2 * size);
      const stripe = ((x >> 3) + (y >> 3)) & 1 ? 1 : 0.9;
      const i = (y * size + x) * 4;
      if (spec.kind === 'mask') {
        const on = inside !== (spec.invert ?? false);
        const v = on ? 255 : 0;
        rgba[i] = v;
        rgba[i + 1] = v;
        rgba[i + 2] = v;
        rgba[i + 3] = 255;
      } else if (spec.kind === 'cutout') {
        rgba[i] = Math.round((r1 * (1 - t) + r2 * t) * stripe);
        rgba[i + 1] = Math.round((g1 * (1 - t) + g2 * t) * stripe);
        rgba[i + 2] = Math.round((b1 * (1 - t) + b2 * t) * stripe);
        rgba[i + 3] = inside ? 255 : 0;
      } else {
        rgba[i] = Math.round(r1 * (1 - t) + r2 * t);
        rgba[i + 1] = Math.round(g1 * (1 - t) + g2 * t);
        rgba[i + 2] = Math.round(b1 * (1 - t) + b2 * t);
        const ex = x / size - 0.5;
        const ey = y / size - 0.5;
        rgba[i + 3] = spec.alpha ? Math.round(255 * Math.max(0.35, 1 - (ex * ex + ey * ey))) : 255;
      }
    }
  }
  return encodePng(size, size, rgba);
}
