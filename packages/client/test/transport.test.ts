import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTransport, DEFAULT_BASE_URL } from '../src/index.js';

function recordingFetch(body: unknown = { request_id: 'r1', status: 'QUEUED' }) {
  const seen: Request[] = [];
  const fetch = vi.fn(async (input: Request) => {
    seen.push(input);
    return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, seen };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createTransport', () => {
  it('sends x-api-key from the option to the default origin', async () => {
    const { fetch, seen } = recordingFetch();
    const client = createTransport({ apiKey: 'sk-option', fetch });
    await client.POST('/v2/background-eraser', {
      body: { image: 'https://example.test/a.png', return_mask: true },
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe(`${DEFAULT_BASE_URL}/v2/background-eraser`);
    expect(seen[0]?.headers.get('x-api-key')).toBe('sk-option');
    expect(await seen[0]?.json()).toEqual({
      image: 'https://example.test/a.png',
      return_mask: true,
    });
  });

  it('falls back to SEGMIND_API_KEY, and the option wins over it', async () => {
    vi.stubEnv('SEGMIND_API_KEY', 'sk-env');
    const fromEnv = recordingFetch();
    await createTransport({ fetch: fromEnv.fetch }).GET('/v2/requests/{request_id}/status', {
      params: { path: { request_id: 'r1' } },
    });
    expect(fromEnv.seen[0]?.headers.get('x-api-key')).toBe('sk-env');
    const fromOption = recordingFetch();
    await createTransport({ apiKey: 'sk-option', fetch: fromOption.fetch }).GET(
      '/v2/requests/{request_id}',
      { params: { path: { request_id: 'r1' } } },
    );
    expect(fromOption.seen[0]?.headers.get('x-api-key')).toBe('sk-option');
  });

  it('fails at construction, with the fix, when there is no key', () => {
    vi.stubEnv('SEGMIND_API_KEY', '');
    expect(() => createTransport()).toThrow(/SEGMIND_API_KEY/);
  });

  it('builds request URLs on a custom origin with the path parameter encoded', async () => {
    const { fetch, seen } = recordingFetch();
    const client = createTransport({ apiKey: 'k', baseUrl: 'http://127.0.0.1:4010/', fetch });
    await client.GET('/v2/requests/{request_id}/status', {
      params: { path: { request_id: 'a/b' } },
    });
    expect(seen[0]?.url).toBe('http://127.0.0.1:4010/v2/requests/a%2Fb/status');
  });

  it('trims the key, and refuses one a header cannot carry without quoting it', async () => {
    const { fetch, seen } = recordingFetch();
    await createTransport({ apiKey: '  sk-padded\n', fetch }).GET('/v2/requests/{request_id}', {
      params: { path: { request_id: 'r1' } },
    });
    expect(seen[0]?.headers.get('x-api-key')).toBe('sk-padded');
    const error = (() => {
      try {
        createTransport({ apiKey: 'sk-sec\nret' });
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error).toBeInstanceOf(TypeError);
    expect(error?.message).not.toContain('sk-sec');
  });
});
