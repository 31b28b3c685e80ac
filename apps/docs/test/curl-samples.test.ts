/**
 * Runs the curl sample of every operation, as published in dist/openapi.json, against a real
 * mock server on loopback: `SEGMIND_BASE_URL` points the samples at it, as the samples say.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type MockServer, startMockServer } from '@segmind-ts/mock/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOperations } from '../scripts/lib/spec.mjs';
import { assertBuilt, distDir } from './helpers/dist.js';

const run = promisify(execFile);
const CURL = '/usr/bin/curl';
const missing = !existsSync(CURL) ? `${CURL} is missing` : undefined;
if (missing) console.warn(`Skipping the curl sample tests: ${missing}`);

function curlSamples() {
  assertBuilt();
  const spec = JSON.parse(readFileSync(join(distDir, 'openapi.json'), 'utf8'));
  return listOperations(spec).map((operation) => {
    const samples: { label: string; source: string }[] =
      spec.paths[operation.path][operation.method]['x-codeSamples'];
    const curl = samples.find((sample) => sample.label === 'curl');
    if (!curl) throw new Error(`no curl sample on ${operation.operationId}`);
    return { ...operation, source: curl.source };
  });
}

describe.skipIf(missing !== undefined)('the curl samples, against segmind-mock', () => {
  let server: MockServer;
  let workDir: string;

  beforeAll(async () => {
    assertBuilt();
    server = await startMockServer({
      host: '127.0.0.1',
      port: 0,
      clock: 'virtual',
      logLevel: 'error',
    });
    workDir = await mkdtemp(join(tmpdir(), 'segmind-docs-curl-'));
  });
  afterAll(async () => {
    await server?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  /** Runs one sample in bash, in a scratch folder, with the variables the samples use. */
  async function runSample(source: string, requestId = '') {
    const { stdout } = await run('/usr/bin/bash', ['-euo', 'pipefail', '-c', source], {
      cwd: workDir,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        SEGMIND_BASE_URL: server.url,
        SEGMIND_API_KEY: 'docs-curl-key',
        REQUEST_ID: requestId,
      },
    });
    return stdout;
  }

  it.each(curlSamples().map((sample) => [sample.operationId, sample] as const))(
    '%s',
    async (_id, sample) => {
      if (sample.operationId === 'getUserCredits') {
        expect(JSON.parse(await runSample(sample.source))).toEqual({
          credits: 1_000_000,
          'free-credits': 0,
        });
        return;
      }
      if (sample.method === 'post' && sample.path.startsWith('/v1/')) {
        const headers = await runSample(sample.source);
        expect(headers).toMatch(/^HTTP\/1\.1 200/);
        expect(headers.toLowerCase()).toContain('x-remaining-credits:');
        const png = await readFile(join(workDir, 'output.png'));
        expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
        return;
      }
      if (sample.path.includes('/requests/')) {
        const submitted = JSON.parse(
          await runSample(
            curlSamples().find((s) => s.operationId === 'backgroundEraserSubmit')?.source ?? '',
          ),
        );
        server.mock.clock.advance(60_000);
        const body = JSON.parse(await runSample(sample.source, submitted.request_id));
        expect(body).toMatchObject({ status: 'COMPLETED' });
        if (sample.operationId === 'getRequestResult') expect(body.output).toMatch(/\.png$/);
        return;
      }
      const body = JSON.parse(await runSample(sample.source));
      expect(body).toMatchObject({ status: 'QUEUED' });
      expect(body.status_url).toBe(`${server.url}/v2/requests/${body.request_id}/status`);
    },
  );
});
