import { redactedUrl } from '../store/redis/keys.js';
import type { Settings } from './flags.js';

/**
 * What the CLI prints once the server is up: where it is, how it is set, and commands that can
 * be pasted as they are (curl, the TypeScript client, Segmind's Python SDK).
 */
export function readyBanner(url: string, settings: Settings, version: string): string {
  const key = settings.apiKey?.[0] ?? 'test-key';
  const keys = settings.apiKey ? settings.apiKey.join(', ') : 'any non-empty x-api-key';
  const clock =
    settings.clock === 'virtual'
      ? 'virtual (advance it with POST /__mock/clock/advance)'
      : `real${settings.speed === 1 ? '' : ` ×${settings.speed}`}`;
  const admin = settings.adminToken ? ` -H 'authorization: Bearer ${settings.adminToken}'` : '';
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
    '',
    'Try it:',
    `  curl -s -X POST ${url}/v2/background-eraser -H 'x-api-key: ${key}' \\`,
    `    -H 'content-type: application/json' -d '{"image":"https://example.com/photo.jpg","return_mask":false}'`,
    '',
    'From TypeScript (@segmind-ts/client):',
    `  const segmind = new Segmind({ apiKey: '${key}', baseUrl: '${url}' });`,
    `  const result = await segmind.run('background-eraser', { image: 'https://example.com/photo.jpg', return_mask: false });`,
    '',
    "From Python (Segmind's SDK):",
    `  SegmindClient(api_key="${key}", base_url="${url}/v1").run("background-eraser", image="https://example.com/photo.jpg", return_mask=False)`,
    '',
    'Press Ctrl+C to stop.',
  ];
  return `${lines.join('\n')}\n`;
}
