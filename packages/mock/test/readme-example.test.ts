// The MSW example of the root README, run as written (so the docs cannot drift from the code).
import { readFileSync } from 'node:fs';
import { setupServer } from 'msw/node';
import { afterAll, describe, expect, it } from 'vitest';
import { createSegmindMock } from '../src/index.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Mock'));
const [example = '', stepped = ''] = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map(
  (match) => match[1],
);

describe('the README example', () => {
  const servers: { close(): void }[] = [];
  afterAll(() => {
    for (const server of servers) server.close();
  });

  it('runs as written', async () => {
    expect(example).toContain('createSegmindMock');
    const body = example
      .replace(/^import .*$/gm, '')
      .replace('const server = setupServer', 'const server = track(setupServer');
    const closeBalanced = body.replace('(...mock.handlers);', '(...mock.handlers));');
    const run = new Function(
      'setupServer',
      'createSegmindMock',
      'expect',
      'track',
      `return (async () => {\n${closeBalanced}\n${stepped}\nreturn { result, mock, stepped, request_id };\n})();`,
    );
    const {
      result,
      mock,
      stepped: steppedMock,
      request_id,
    } = await run(setupServer, createSegmindMock, expect, (server: { close(): void }) => {
      servers.push(server);
      return server;
    });
    expect(result).toMatchObject({
      status: 'COMPLETED',
      output: expect.stringMatching(/^https:\/\/api\.segmind\.com\/outputs\//),
    });
    // The submit and two polls: on the auto clock the first poll finds the job PROCESSING, the
    // second COMPLETED, and nothing advanced the clock.
    expect(mock.requests.map((entry: { status: number }) => entry.status)).toEqual([200, 202, 200]);
    expect(mock.clock.mode).toBe('auto');
    // The step-by-step example ends with its job COMPLETED after 13 s of virtual time.
    expect(steppedMock.job(request_id)?.status).toBe('COMPLETED');
    expect(steppedMock.clock.mode).toBe('virtual');
  });
});
