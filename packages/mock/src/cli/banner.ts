import { redactedUrl } from '../store/redis/keys.js';
import { bannerRequest, pythonKeywords, typeScriptLiteral } from './banner-example.js';
import type { Settings } from './flags.js';

const CLOCK_TEXT = {
  virtual: 'virtual (advance it with POST /__mock/clock/advance)',
  auto: 'auto (each poll of an unfinished job moves time to its next state; POST /__mock/clock/advance works too)',
} as const;

/**
 * What the CLI prints once the server is up: where it is, how it is set, and commands that can
 * be pasted as they are (curl, the TypeScript client, Segmind's Python SDK).
 */
export function readyBanner(
  url: string,
  settings: Settings,
  version: string,
  pid: number = process.pid,
): string {
  // Configured keys and the admin token are secrets: a banner ends up in terminals, CI logs and
  // screenshots, so it names placeholders instead (any key works when none is configured).
  const key = settings.apiKeys ? '<api-key>' : 'test-key';
  const keys = settings.apiKeys
    ? `${settings.apiKeys.length} configured (not shown)`
    : 'any non-empty x-api-key';
  const clock =
    settings.clock !== 'real'
      ? CLOCK_TEXT[settings.clock]
      : `real${settings.speed === 1 ? '' : ` ×${settings.speed}`}`;
  const { slug, input } = bannerRequest();
  const admin = settings.adminToken ? ` -H 'authorization: Bearer <admin-token>'` : '';
  const lines = [
    `segmind-mock ${version} listening on ${url}`,
    `  clock: ${clock}; keys: ${keys}; rate limit: ${settings.rateLimit === false ? 'off' : settings.rateLimit}`,
    ...(settings.store && settings.store !== 'memory'
      ? [
          `  state: ${redactedUrl(settings.store)}, prefix ${settings.storePrefix ?? 'segmind-mock'}`,
        ]
      : []),
    ...(settings.docsDir ? [`  docs: ${url}/docs/`] : []),
    `  control: curl -s${admin} ${url}/__mock/health`,
    `  console: ${url}/__mock/console (jobs, clock, journal, faults, live in a browser)`,
    '',
    'Try it:',
    `  curl -s -X POST ${url}/v2/${slug} -H 'x-api-key: ${key}' \\`,
    `    -H 'content-type: application/json' -d '${JSON.stringify(input)}'`,
    '',
    'From TypeScript (@segmind-ts/client):',
    `  const segmind = new Segmind({ apiKey: '${key}', baseUrl: '${url}' });`,
    `  const result = await segmind.run('${slug}', ${typeScriptLiteral(input)});`,
    '',
    "From Python (Segmind's SDK):",
    `  SegmindClient(api_key="${key}", base_url="${url}/v1").run("${slug}", ${pythonKeywords(input)})`,
    '',
    `Press Ctrl+C to stop, or kill ${pid} (this server's process id).`,
  ];
  return `${lines.join('\n')}\n`;
}
