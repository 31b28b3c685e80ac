// Segmind's Python SDK against the real server: its exchanges re-enacted by a standard-library
// script (test/python/sdk_flow.py; the SDK itself cannot be installed offline).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../src/server/index.js';

const SCRIPT = fileURLToPath(new URL('./python/sdk_flow.py', import.meta.url));
const KEY = 'py-key';
const python = await promisify(execFile)('python3', ['--version']).then(
  () => 'python3',
  () => undefined,
);
// python3 is part of the machine CI runs on: there, a missing interpreter is a broken setup.
if (!python && process.env.CI)
  throw new Error('python3 not found: the Python SDK flow cannot run.');

let server: MockServer;
beforeAll(async () => {
  // A real clock 50 times faster: the SDK sleeps between polls, so time must pass by itself.
  server = await startMockServer({
    port: 0,
    clock: 'real',
    speed: 50,
    apiKeys: [KEY],
    logLevel: 'silent',
  });
});
afterAll(() => server?.close());

describe.skipIf(!python)('Python SDK flow (python3 needed)', () => {
  it('runs run_sync, run, submit_async + wait and the InferenceFailed path unchanged', async () => {
    const { stdout } = await promisify(execFile)(
      python as string,
      [SCRIPT, `${server.url}/v1`, KEY],
      {
        timeout: 60_000,
      },
    );
    const seen = JSON.parse(stdout) as {
      run_output: string;
      waited_request_id: string;
      failed_request_id: string;
    };
    expect(seen.run_output.startsWith(`${server.url}/outputs/`)).toBe(true);

    const journal = server.mock.requests;
    const paths = (id: string) =>
      journal.filter((entry) => entry.requestId === id).map((e) => `${e.method} ${e.path}`);
    // wait() polls the status URL and then reads the result once.
    expect(paths(seen.waited_request_id).at(-1)).toBe(`GET /v2/requests/${seen.waited_request_id}`);
    // On FAILED it stops at the status endpoint's 422 and never asks for the result.
    const failed = journal.filter((entry) => entry.requestId === seen.failed_request_id);
    expect(failed.at(-1)).toMatchObject({
      status: 422,
      path: `/v2/requests/${seen.failed_request_id}/status`,
    });
    expect(paths(seen.failed_request_id)).not.toContain(
      `GET /v2/requests/${seen.failed_request_id}`,
    );
  }, 90_000);
});
