/** Anything the browser-safe helpers accept as image bytes. */
export type BinaryInput = Blob | ArrayBuffer | ArrayBufferView;

/**
 * Encodes image bytes as base64, the form bria-erase-foreground accepts for `image`. Uses only
 * web APIs (`btoa`), so it runs in browsers, Deno, Bun and Node alike.
 */
export async function toBase64(input: BinaryInput): Promise<string> {
  const bytes = await toBytes(input);
  // String.fromCharCode takes the bytes as arguments: chunk them to stay far below the engines'
  // argument limits on multi-megabyte images.
  const chunks: string[] = [];
  for (let i = 0; i < bytes.length; i += 0x8000) {
    chunks.push(String.fromCharCode(...bytes.subarray(i, i + 0x8000)));
  }
  return btoa(chunks.join(''));
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
