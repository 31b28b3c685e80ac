import { fnv1a } from './hash.js';

/** Request headers that carry credentials: the journal never keeps their values. */
const SECRET_HEADERS = new Set(['x-api-key', 'authorization', 'proxy-authorization', 'cookie']);

/** Authorization schemes kept in front of the masked credential (`Bearer •••`). */
const SCHEME = /^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*) +(\S.*)$/;

/**
 * A credential as the journal and the console show it: a short fingerprint, so that two keys can
 * be told apart and a key's journal entries matched with its credits, and the last four
 * characters of a long one, as dashboards show keys. Never enough to use it.
 */
export function maskSecret(value: string): string {
  const fingerprint = fnv1a(value).toString(16).padStart(8, '0').slice(0, 6);
  return `•••${value.length >= 16 ? value.slice(-4) : ''} #${fingerprint}`;
}

/** The least of a `Headers` object the journal reads: fetch's `Headers` is one. */
export interface HeaderSource {
  forEach(callback: (value: string, name: string) => void): void;
}

/**
 * The headers of a request as the journal shows them, names in lower case, credentials masked
 * (`x-api-key` the way `auth` reads it, trimmed, so it matches the key's row in the state).
 */
export function maskedHeaders(source: HeaderSource): Record<string, string> {
  const shown: Record<string, string> = {};
  source.forEach((value, rawName) => {
    const name = rawName.toLowerCase();
    if (!SECRET_HEADERS.has(name)) {
      shown[name] = value;
      return;
    }
    const credential = name === 'x-api-key' ? value.trim() : value;
    const scheme = name.endsWith('authorization') ? SCHEME.exec(credential) : null;
    shown[name] = scheme
      ? `${scheme[1]} ${maskSecret(scheme[2] as string)}`
      : maskSecret(credential);
  });
  return shown;
}
