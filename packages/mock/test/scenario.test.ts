import { describe, expect, it } from 'vitest';
import { createRng } from '../src/core/rng.js';
import { createSegmindMockCore } from '../src/core.js';
import { decodePng } from './png-decode.js';
import { BRIA_INPUT, ERASER_INPUT, ORIGIN, specProblems, templateOf } from './support.js';

describe('a broad scenario', () => {
  it('answers every request with a status, content type, body and headers the spec documents for it', async () => {
    const mock = createSegmindMockCore({
      seed: 99,
      apiKeys: { alice: { credits: 40 }, bob: {}, banned: { forbidden: true } },
      rateLimit: 8,
      failureRate: 0.15,
      timings: { jitter: 0.3 },
      retentionMs: 120_000,
    });
    const rng = createRng(99, 42);
    const seen = new Map<string, number>();
    const problems: string[] = [];
    const ids: string[] = [];
    const outputs: string[] = [];

    const send = async (request: Request) => {
      const response = await mock.handle(request);
      const url = new URL(request.url);
      if (templateOf(url.pathname)) {
        problems.push(...(await specProblems(request, response)));
        const key = `${request.method} ${templateOf(url.pathname)} ${response.status}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
      return response;
    };
    const keyOf = () => {
      const roll = rng.next();
      return roll < 0.45 ? 'alice' : roll < 0.9 ? 'bob' : roll < 0.95 ? 'banned' : 'mallory';
    };
    const bodies = [
      ['background-eraser', ERASER_INPUT],
      [
        'background-eraser',
        { ...ERASER_INPUT, return_mask: true, grow_mask: 12, invert_mask: true },
      ],
      ['background-eraser', { ...ERASER_INPUT, base64: true }],
      ['background-eraser', { ...ERASER_INPUT, grow_mask: 99 }],
      ['bria-erase-foreground', BRIA_INPUT],
      [
        'bria-erase-foreground',
        { image: 'data:image/png;base64,iVBORw0KGgo=', preserve_alpha: false },
      ],
      ['bria-erase-foreground', { image: 42 }],
      ['bria-erase-foreground', '{"image": '],
    ] as const;

    for (let step = 0; step < 600; step++) {
      const roll = rng.next();
      const headers: Record<string, string> = {
        'x-api-key': keyOf(),
        'content-type': 'application/json',
      };
      if (roll < 0.35) {
        const [model, body] = bodies[
          Math.floor(rng.next() * bodies.length)
        ] as (typeof bodies)[number];
        const version = rng.next() < 0.6 ? 'v2' : 'v1';
        const response = await send(
          new Request(`${ORIGIN}/${version}/${model}`, {
            method: 'POST',
            headers,
            body: typeof body === 'string' ? body : JSON.stringify(body),
          }),
        );
        if (version === 'v2' && response.status === 200) {
          ids.push(((await response.json()) as { request_id: string }).request_id);
        }
      } else if (roll < 0.85 && ids.length) {
        const id = ids[Math.floor(rng.next() * ids.length)] as string;
        const path = rng.next() < 0.5 ? `/v2/requests/${id}/status` : `/v2/requests/${id}`;
        const response = await send(new Request(`${ORIGIN}${path}`, { headers }));
        if (response.status === 200 && !path.endsWith('/status')) {
          outputs.push(((await response.json()) as { output: string }).output);
        }
      } else if (roll < 0.9) {
        await send(new Request(`${ORIGIN}/v2/requests/unknown-${step}`, { headers }));
      } else if (roll < 0.93) {
        const status = [500, 502, 504][Math.floor(rng.next() * 3)] as number;
        mock.fault({ path: '/v2/*', status, times: 1 });
      } else if (roll < 0.95) {
        mock.failNext({
          model: 'bria-erase-foreground',
          error: 'Input image flagged by visual content moderation',
        });
      }
      mock.clock.advance(Math.floor(rng.next() * 4000));
    }

    expect(problems).toEqual([]);
    // The run reached every documented answer worth reaching, so the check above meant something.
    const statuses = new Set([...seen.keys()].map((key) => key.split(' ').pop()));
    for (const status of [
      '200',
      '202',
      '400',
      '401',
      '403',
      '404',
      '406',
      '422',
      '429',
      '500',
      '502',
      '504',
    ]) {
      expect(statuses, `status ${status} was never produced`).toContain(status);
    }
    expect(outputs.length).toBeGreaterThan(5);
    for (const output of outputs.slice(-3)) {
      const response = await mock.handle(new Request(output));
      if (response.status === 200) decodePng(new Uint8Array(await response.arrayBuffer()));
      else expect(response.status).toBe(404); // expired since
    }
  });
});
