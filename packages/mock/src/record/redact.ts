/**
 * What a recording must not keep: the API key and every other secret a request or an answer
 * carries. Secret headers keep their name (a judge needs to know a key was sent) with the value
 * replaced, and the secret values themselves are then cut out of everything else (a URL, a
 * body, another header), should a server echo them.
 */
import type { HarNameValue } from './har.js';

/** What a secret's value becomes in a recording. */
export const REDACTED = '[redacted]';

/** Headers whose value is a secret, in either direction. */
const SECRET_HEADERS = new Set([
  'x-api-key',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
]);

/** Whether a header's value is a secret. */
export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase());
}

/**
 * The secret values of a request's headers, longest first (so a key that contains another is
 * cut whole). `Bearer <token>` yields both the whole value and the token.
 */
export function secretsOf(headers: Record<string, string | string[] | undefined>): string[] {
  const secrets = new Set<string>();
  for (const [name, value] of Object.entries(headers)) {
    if (!isSecretHeader(name) || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      const trimmed = item.trim();
      if (trimmed.length >= 4) secrets.add(trimmed);
      const token = /^\S+\s+(\S{4,})$/.exec(trimmed)?.[1];
      if (token) secrets.add(token);
    }
  }
  return [...secrets].sort((a, b) => b.length - a.length);
}

/** `text` with every secret replaced by {@link REDACTED}. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    // A key may also travel URL-encoded (in a query string, say).
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join(REDACTED);
  }
  return out;
}

/** Headers as a HAR list, secret values replaced and the others scrubbed. */
export function redactHeaders(
  headers: Record<string, string | string[] | number | undefined>,
  secrets: readonly string[],
): HarNameValue[] {
  const list: HarNameValue[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      list.push({ name, value: isSecretHeader(name) ? REDACTED : scrub(String(item), secrets) });
    }
  }
  return list;
}
