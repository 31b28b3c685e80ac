import { describe, expect, it } from 'vitest';
import { filesWhoseCode } from './support/source-code.js';

// The API key is resolved in one module, src/internal/api-key.ts: it alone names the environment
// variable and reads it. Every other module gets the resolved key from the client that holds it,
// so a second place that reads or trims the key (and could treat it differently) fails here.

describe('the API key module', () => {
  it('is the only one that names the key variable and reads it from the environment', () => {
    expect(filesWhoseCode(/['"`]SEGMIND_API_KEY['"`]/)).toEqual(['internal/api-key.ts']);
    expect(filesWhoseCode(/readEnv\(\s*API_KEY_ENV/)).toEqual(['internal/api-key.ts']);
  });

  it('is where the key is resolved: the client and the transport call it, nothing defines another', () => {
    expect(filesWhoseCode(/function resolveApiKey\b/)).toEqual(['internal/api-key.ts']);
    expect(filesWhoseCode(/\bresolveApiKey\(/)).toEqual([
      'internal/api-key.ts',
      'segmind.ts',
      'transport.ts',
    ]);
  });
});
