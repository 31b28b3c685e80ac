import { readFile } from 'node:fs/promises';
import { toBase64, toDataUri } from './images.js';

/**
 * Node-only helpers (`@segmind-ts/client/node`): they read files, which the main entry never
 * does so that it stays free of Node built-ins.
 */

/** Reads a file and returns its content as base64, for an image input that takes base64. */
export async function fileToBase64(path: string | URL): Promise<string> {
  return toBase64(await readFile(path));
}

/** Reads a file and returns it as a `data:` URI of the type its extension names (default PNG). */
export async function fileToDataUri(path: string | URL, mimeType?: string): Promise<string> {
  return toDataUri(await readFile(path), mimeType ?? mimeTypeOf(String(path)));
}

const MIME_BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
};

function mimeTypeOf(path: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  return MIME_BY_EXTENSION[extension] ?? 'image/png';
}
