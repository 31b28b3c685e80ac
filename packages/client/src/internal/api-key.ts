import { readEnv } from './env.js';

/**
 * The one module that resolves the API key. It is read from the option or the environment once,
 * when a client is constructed, kept in that client's private field, sent only as the `x-api-key`
 * header, and hidden by `redact.ts` from everything the client hands out (errors, log lines).
 */

/** The environment variable the API key falls back to, as in Segmind's Python SDK. */
export const API_KEY_ENV = 'SEGMIND_API_KEY';

/**
 * Resolves the API key from the option or the environment (trimmed), and says how to fix it
 * when there is none or it cannot be sent, rather than letting every call fail.
 */
export function resolveApiKey(apiKey: string | undefined): string {
  // A key pasted with a trailing newline or spaces is the commonest mistake: trim it.
  const key = (apiKey ?? readEnv(API_KEY_ENV))?.trim();
  if (!key) {
    throw new TypeError(
      `No Segmind API key: pass { apiKey } or set the ${API_KEY_ENV} environment variable.`,
    );
  }
  // Checked here because fetch implementations reject such a header with an error that quotes
  // the value, which would put the key in logs. This message names no part of it.
  if (/[^\x21-\x7e]/.test(key)) {
    throw new TypeError(
      'The Segmind API key contains characters a header cannot carry (spaces, line breaks or non-ASCII).',
    );
  }
  return key;
}
