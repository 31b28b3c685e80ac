/** Anything the browser-safe helpers accept as image bytes. */
export type BinaryInput = Blob | ArrayBuffer | ArrayBufferView;

/** What the encoder needs of the runtime, looked up when called: no Node built-in is imported. */
interface Base64Runtime {
  /** Node and Bun. */
  Buffer?: {
    from(
      buffer: ArrayBufferLike,
      byteOffset: number,
      length: number,
    ): { toString(encoding: 'base64'): string };
  };
}

/**
 * Encodes image bytes as base64, the form bria-erase-foreground accepts for `image`. Takes the
 * fastest encoder the runtime has: `Uint8Array.prototype.toBase64` (recent browsers, Deno and
 * Node), then `Buffer` (Node, Bun), else `btoa` over the bytes in chunks (any web runtime).
 */
export async function toBase64(input: BinaryInput): Promise<string> {
  return encodeBase64(await toBytes(input));
}

/** The base64 of `bytes`, synchronously, by the fastest path the runtime offers. */
function encodeBase64(bytes: Uint8Array): string {
  const native = (bytes as Uint8Array & { toBase64?: () => string }).toBase64;
  if (typeof native === 'function') return native.call(bytes);
  const { Buffer } = globalThis as Base64Runtime;
  if (Buffer)
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  return btoa(binaryString(bytes));
}

// Bytes per String.fromCharCode call: far below every engine's limit on the number of arguments
// (about 65 536 in JavaScriptCore), large enough that the per-call cost vanishes.
const CHUNK = 0x2000;

/** One character per byte, the input `btoa` takes. */
function binaryString(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    // `apply` hands the typed array over as it is; spreading it (`...bytes`) would run the
    // iterator protocol for every byte, which made this tens of times slower.
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return binary;
}

/**
 * Encodes image bytes as a `data:` URI. The type is the Blob's own when it has one, else
 * `mimeType` (default `image/png`).
 */
export async function toDataUri(input: BinaryInput, mimeType?: string): Promise<string> {
  const type = mimeType ?? (isBlob(input) && input.type ? input.type : 'image/png');
  return `data:${type};base64,${await toBase64(input)}`;
}

function isBlob(input: BinaryInput): input is Blob {
  return typeof Blob !== 'undefined' && input instanceof Blob;
}

async function toBytes(input: BinaryInput): Promise<Uint8Array> {
  if (isBlob(input)) return new Uint8Array(await input.arrayBuffer());
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input))
    return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw new TypeError('Expected a Blob, File, ArrayBuffer or typed array');
}
