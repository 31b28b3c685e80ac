/** A seeded source of numbers in [0, 1). */
export interface Rng {
  /** The next number in [0, 1). */
  next(): number;
}

/**
 * mulberry32: tiny, fast and good enough for jitter, fault probabilities and ids. Each concern
 * gets its own stream (see `salt`), so adding a fault does not change the ids of later jobs.
 */
export function createRng(seed: number, salt = 0): Rng {
  let state = (Math.trunc(seed) ^ Math.imul(salt + 1, 0x9e3779b9)) >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** A seed from the platform's random source (Web Crypto in browsers, Node 18+, Deno and Bun). */
export function randomSeed(): number {
  const cryptoApi = (globalThis as { crypto?: { getRandomValues?(a: Uint32Array): Uint32Array } })
    .crypto;
  if (cryptoApi?.getRandomValues) return cryptoApi.getRandomValues(new Uint32Array(1))[0] ?? 0;
  return Math.floor(Math.random() * 2 ** 32);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A version-4-shaped UUID drawn from `rng`, so a seeded mock hands out the same ids each run. */
export function uuidFrom(rng: Rng): string {
  // Sixteen draws, one byte each, in order; bytes 6 and 8 carry the version and the variant.
  let id = '';
  for (let i = 0; i < 16; i++) {
    let byte = Math.floor(rng.next() * 256);
    if (i === 6) byte = (byte & 0x0f) | 0x40;
    else if (i === 8) byte = (byte & 0x3f) | 0x80;
    if (i === 4 || i === 6 || i === 8 || i === 10) id += '-';
    id += HEX[byte] as string;
  }
  return id;
}
