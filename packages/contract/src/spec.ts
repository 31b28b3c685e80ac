import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** A bundled OpenAPI 3.1 document, walked generically. */
// biome-ignore lint/suspicious/noExplicitAny: the document is walked by key, not by a static type
export type OpenApiDocument = any;

/**
 * Reads the spec bundle that `@segmind-ts/spec` publishes (`openapi.json`), the one artefact
 * every consumer of this project reads. Resolved from this package, so an installed kit judges
 * against the spec version it was released with.
 */
export function loadBundledSpec(): OpenApiDocument {
  const require = createRequire(import.meta.url);
  const path = require.resolve('@segmind-ts/spec/openapi.json');
  return JSON.parse(readFileSync(path, 'utf8'));
}

let cached: OpenApiDocument | undefined;

/**
 * The bundle read once and shared, for facts the kit takes from it at load (its models, the job
 * states, the retention). Not to be modified: callers that change a document load their own.
 */
export function bundledSpec(): OpenApiDocument {
  cached ??= loadBundledSpec();
  return cached;
}
