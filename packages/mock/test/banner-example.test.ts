// The banner's "Try it" request comes from the spec: the first model, with the inputs it
// requires from its first request example. As printed, it is a request the mock accepts.
import { MODELS } from '@segmind-ts/spec';
import { describe, expect, it } from 'vitest';
import { readyBanner } from '../src/cli/banner.js';
import { bannerRequest, pythonKeywords, typeScriptLiteral } from '../src/cli/banner-example.js';
import { resolveCommand } from '../src/cli/index.js';
import { createSegmindMockCore } from '../src/core.js';
import { post } from './support.js';

describe("the ready banner's example request", () => {
  it('is the first model of the spec, with exactly the inputs it requires', () => {
    const { slug, input } = bannerRequest();
    const first = Object.values(MODELS)[0];
    expect(slug).toBe(first?.slug);
    expect(Object.keys(input).sort()).toEqual([...(first?.required ?? [])].sort());
  });

  it('is printed for curl, TypeScript and Python, and the mock accepts it', async () => {
    const command = await resolveCommand([], {});
    if (command.kind !== 'serve') throw new Error(`expected serve, got ${command.kind}`);
    const banner = readyBanner('http://127.0.0.1:4010', command.settings, '1.0.0');
    const { slug, input } = bannerRequest();
    expect(banner).toContain(`http://127.0.0.1:4010/v2/${slug} -H 'x-api-key: test-key'`);
    expect(banner).toContain(`-d '${JSON.stringify(input)}'`);
    expect(banner).toContain(`segmind.run('${slug}', ${typeScriptLiteral(input)})`);
    expect(banner).toContain(`.run("${slug}", ${pythonKeywords(input)})`);
    const answer = await createSegmindMockCore().handle(post(`/v2/${slug}`, input));
    expect(answer.status, await answer.clone().text()).toBe(200);
  });

  it('writes values as each language spells them', () => {
    const input = {
      image: 'https://x.test/a.png',
      return_mask: false,
      keep: true,
      n: 2,
      none: null,
    };
    expect(typeScriptLiteral({ ...input, 'odd-key': "it's" })).toBe(
      "{ image: 'https://x.test/a.png', return_mask: false, keep: true, n: 2, none: null, 'odd-key': 'it\\'s' }",
    );
    expect(pythonKeywords(input)).toBe(
      'image="https://x.test/a.png", return_mask=False, keep=True, n=2, none=None',
    );
  });
});
