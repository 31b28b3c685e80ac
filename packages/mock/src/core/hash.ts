/**
 * FNV-1a (32 bit) of a string: a cheap, stable fingerprint of a job's input, from which its
 * output picture is drawn (same input, same picture).
 */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
