// @ts-check
/**
 * Decorates the bundled spec for the docs: code samples on every operation, the local mock in
 * the server list, and the table of the models and links to the guides in the introduction.
 * The input is never mutated.
 */
import { MODELS } from '@segmind-ts/spec';
import { codeSamplesFor } from './code-samples.mjs';
import { modelsTable } from './models-table.mjs';

/** The local mock's default address (`pnpm mock` listens there). */
export const LOCAL_MOCK_SERVER = Object.freeze({
  url: 'http://127.0.0.1:4010',
  description: 'Local segmind-mock (`pnpm mock`, default port)',
});

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * @typedef {{ slug: string, title: string, summary: string }} GuideLink
 * @typedef {{ method: string, path: string, operationId: string, origin: string, body?: Record<string, unknown> }} OperationInfo
 */

/**
 * Every operation of the spec, with the first example of its JSON request body.
 *
 * @param {any} spec the bundled OpenAPI document
 * @returns {OperationInfo[]}
 */
export function listOperations(spec) {
  /** @type {OperationInfo[]} */
  const operations = [];
  // The samples call Segmind's production origin: the spec's first server.
  const origin = new URL(spec.servers?.[0]?.url ?? '').origin;
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      if (!operation.operationId)
        throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      const body = requestBodyExample(spec, operation.requestBody);
      operations.push({
        method,
        path,
        operationId: operation.operationId,
        origin,
        ...(body ? { body } : {}),
      });
    }
  }
  return operations;
}

/**
 * Returns a copy of the spec with `x-codeSamples` on every operation, the local mock appended to
 * `servers`, and "Models" and "Guides" sections at the end of `info.description`.
 *
 * @param {any} spec the bundled OpenAPI document
 * @param {Record<string, string>} typescriptSamples TypeScript sample per operationId
 * @param {GuideLink[]} guides
 * @param {Parameters<typeof modelsTable>[0]} [models] the registry, the spec's by default
 * @returns {any}
 */
export function decorateSpec(spec, typescriptSamples, guides, models = MODELS) {
  const copy = structuredClone(spec);
  for (const info of listOperations(copy)) {
    const typescript = typescriptSamples[info.operationId];
    if (!typescript) {
      throw new Error(
        `No TypeScript sample for ${info.operationId}: a model's operations get theirs from the registry (\`pnpm gen\`), any other operation needs an example under examples/ listed in REQUEST_EXAMPLES`,
      );
    }
    copy.paths[info.path][info.method]['x-codeSamples'] = codeSamplesFor(info, typescript);
  }
  const servers = Array.isArray(copy.servers) ? copy.servers : [];
  if (!servers.some((/** @type {any} */ server) => server?.url === LOCAL_MOCK_SERVER.url)) {
    servers.push({ ...LOCAL_MOCK_SERVER });
  }
  copy.servers = servers;
  copy.info = {
    ...copy.info,
    description: `${copy.info?.description ?? ''}\n${modelsSection(models)}\n${guidesSection(guides)}`,
  };
  return copy;
}

/**
 * @param {Parameters<typeof modelsTable>[0]} models
 * @returns {string}
 */
function modelsSection(models) {
  return ['## Models', '', modelsTable(models, ''), ''].join('\n');
}

/**
 * @param {GuideLink[]} guides
 * @returns {string}
 */
function guidesSection(guides) {
  const items = guides.map(
    (guide) => `- [${guide.title}](guides/${guide.slug}.html): ${guide.summary}`,
  );
  return ['## Guides', '', ...items, ''].join('\n');
}

/**
 * The first example value of a JSON request body, following one `$ref` into
 * `components.requestBodies`.
 *
 * @param {any} spec
 * @param {any} requestBody
 * @returns {Record<string, unknown> | undefined}
 */
function requestBodyExample(spec, requestBody) {
  if (!requestBody) return undefined;
  const resolved =
    typeof requestBody.$ref === 'string'
      ? spec.components?.requestBodies?.[requestBody.$ref.split('/').pop()]
      : requestBody;
  const media = resolved?.content?.['application/json'];
  if (!media) return undefined;
  if (media.example) return media.example;
  const first = Object.values(media.examples ?? {})[0];
  return /** @type {any} */ (first)?.value;
}
