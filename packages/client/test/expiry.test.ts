import { RETENTION_MS } from '@segmind-ts/spec';
import { describe, expect, it } from 'vitest';
import { NotFoundError, RequestExpiredError, Segmind } from '../src/index.js';
import { useMockApi } from './support/mock-api.js';

// The server's 404 is the truth about expiry, not the client's clock: here only the mock's
// virtual clock moves past the spec's retention, while the client's Date.now() stays where it
// was (fake timers, not advanced), as it would on a machine whose clock is off.
const { mock, drive } = useMockApi({ credits: { 'sk-expiry-0001': 100 } });
const KEY = 'sk-expiry-0001';
const image = 'https://example.test/portrait.png';
const PAST_RETENTION_MS = RETENTION_MS + 1;

describe('expiry is what the server says', () => {
  it('result() of a job that completed fetches fresh: RequestExpiredError once the server forgot it', async () => {
    const segmind = new Segmind({ apiKey: KEY });
    const job = await segmind.submitAsync('background-eraser', { image, return_mask: false });
    const result = await drive(job.wait());
    expect(result.status).toBe('COMPLETED');
    expect(job.cachedResult).toBe(result);

    mock.clock.advance(PAST_RETENTION_MS);
    const sent = mock.requests.length;
    const error = await job.result().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestExpiredError);
    expect((error as RequestExpiredError).requestId).toBe(job.requestId);
    expect((error as RequestExpiredError).message).toMatch(/expired/);
    expect(mock.requests.length).toBe(sent + 1);
    // status() and wait() ask the server too; the cached body stays readable, named as such.
    await expect(job.status()).rejects.toBeInstanceOf(RequestExpiredError);
    await expect(job.wait()).rejects.toBeInstanceOf(RequestExpiredError);
    expect(job.cachedResult).toBe(result);
  });

  it('a job resumed from its JSON in another client, never seen by it, is expired too', async () => {
    const first = new Segmind({ apiKey: KEY });
    const job = await first.submitAsync('bria-erase-foreground', { image });
    const saved = JSON.parse(JSON.stringify(job));
    mock.clock.advance(13_000 + PAST_RETENTION_MS);
    const resumed = new Segmind({ apiKey: KEY }).job(saved);
    expect(resumed.cachedResult).toBeUndefined();
    await expect(resumed.result()).rejects.toBeInstanceOf(RequestExpiredError);
    await expect(drive(resumed.wait())).rejects.toBeInstanceOf(RequestExpiredError);
  });

  it('a handle resumed from a bare id that has seen the job knows it, one that has not does not', async () => {
    const segmind = new Segmind({ apiKey: KEY });
    const job = await segmind.submitAsync('background-eraser', { image, return_mask: true });
    const seen = segmind.job(job.requestId);
    expect((await seen.status()).status).toBe('QUEUED');
    const unseen = segmind.job(job.requestId);
    mock.clock.advance(4_000 + PAST_RETENTION_MS);
    await expect(seen.status()).rejects.toBeInstanceOf(RequestExpiredError);
    const unknown = await unseen.status().catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect(unknown).not.toBeInstanceOf(RequestExpiredError);
  });

  it('status() and result() of a live job always ask the server; lastStatus is the cached read', async () => {
    const segmind = new Segmind({ apiKey: KEY });
    const job = await segmind.submitAsync('background-eraser', { image, return_mask: true });
    expect(job.lastStatus).toBeUndefined();
    await drive(job.wait());
    const path = `/v2/requests/${job.requestId}`;
    const count = (p: string) => mock.requests.filter((entry) => entry.path === p).length;
    const [statuses, results] = [count(`${path}/status`), count(path)];
    expect((await job.status()).status).toBe('COMPLETED');
    expect((await job.result()).status).toBe('COMPLETED');
    expect([count(`${path}/status`), count(path)]).toEqual([statuses + 1, results + 1]);
    expect(job.lastStatus?.status).toBe('COMPLETED');
  });
});
