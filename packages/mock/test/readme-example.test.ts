// The MSW example of the root README, run as written (so the docs cannot drift from the code).
import { readFileSync } from 'node:fs';
import { setupServer } from 'msw/node';
import { afterAll, describe, expect, it } from 'vitest';
import { createSegmindMock } from '../src/index.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Mock'));
const example = /```ts\n([\s\S]*?)```/.exec(section)?.[1] ?? '';

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
      `return (async () => {\n${closeBalanced}\nreturn { result, mock };\n})();`,
    );
    const { result, mock } = await run(
      setupServer,
      createSegmindMock,
      expect,
      (server: { close(): void }) => {
        servers.push(server);
        return server;
      },
    );
    expect(result).toMatchObject({
      status: 'COMPLETED',
      output: expect.stringMatching(/^https:\/\/api\.segmind\.com\/outputs\//),
    });
    expect(mock.requests).toHaveLength(2);
  });
});
