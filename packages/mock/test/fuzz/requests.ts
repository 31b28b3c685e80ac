// Requests generated from the two documents the mock answers to: the bundled spec
// (spec/dist/openapi.json) and control-api.yaml. Every operation, with bodies its schema accepts
// and bodies it refuses, path parameters known to the mock or not, odd keys, content types and
// origins; plus paths and methods that no document lists.
import { readFileSync } from 'node:fs';
import { deref } from '@segmind-ts/spec';
import fc from 'fast-check';
import { parse } from 'yaml';
import { spec } from '../../src/core/spec.js';
import { invalidValue, type Schema, validValue } from './schema-arbitrary.js';

/** The control API's document. */
export const controlDoc: Schema = parse(
  readFileSync(new URL('../../control-api.yaml', import.meta.url), 'utf8'),
);

/** The spec, as the mock reads it. */
export const apiDoc = spec as unknown as Schema;

/** The key every fuzzed request uses unless it is testing keys. */
export const FUZZ_KEY = 'fuzz-key';

/** A path parameter: a request id the mock handed out in this run (by index), or any text. */
export type Param = { known: number } | { text: string };

/** One generated request, before the ids known at run time are put into its path. */
export interface FuzzRequest {
  method: string;
  /** Path segments and parameters, joined at run time. */
  path: (string | Param)[];
  query: string;
  headers: Record<string, string>;
  /** The body as text or bytes; `undefined` for none. */
  body: string | Uint8Array | undefined;
  /** The document and operation it was drawn from, when any. */
  source: 'api' | 'control' | 'stray';
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'options', 'head'] as const;

const param: fc.Arbitrary<Param> = fc.oneof(
  { weight: 3, arbitrary: fc.nat({ max: 40 }).map((known) => ({ known })) },
  { weight: 1, arbitrary: fc.uuid().map((text) => ({ text })) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.constantFrom('__proto__', 'constructor', '..', '%00', '%E0%A4%A', 'x'.repeat(300)),
      )
      .map((text) => ({ text })),
  },
);

const apiKey = fc.oneof(
  { weight: 12, arbitrary: fc.constant<string | undefined>(FUZZ_KEY) },
  { weight: 1, arbitrary: fc.constantFrom<string | undefined>(undefined, '', '  ', 'other-key') },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }).filter((k) => /^[\x21-\x7e]*$/.test(k)) },
);

const origin = fc.oneof(
  { weight: 12, arbitrary: fc.constant<string | undefined>(undefined) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<string | undefined>('self', 'https://evil.example', 'null'),
  },
);

const jsonType = fc.oneof(
  { weight: 10, arbitrary: fc.constant<string | undefined>('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom<string | undefined>(
      undefined,
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-8',
    ),
  },
);

/** Body text: mostly JSON of a value, sometimes not JSON at all. */
function bodyOf(value: fc.Arbitrary<unknown>): fc.Arbitrary<string | Uint8Array> {
  return fc.oneof(
    { weight: 12, arbitrary: value.map((v) => JSON.stringify(v) ?? 'null') },
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc.string({ maxLength: 30 }),
        fc.uint8Array({ maxLength: 64 }),
        fc.constantFrom('', '{', `${'['.repeat(3000)}${']'.repeat(3000)}`, '{"image": "\\ud800"}'),
      ),
    },
  );
}

function headersOf(key: string | undefined, type: string | undefined, from: string | undefined) {
  const headers: Record<string, string> = {};
  if (key !== undefined) headers['x-api-key'] = key;
  if (type !== undefined) headers['content-type'] = type;
  if (from !== undefined) headers.origin = from;
  return headers;
}

/** The segments of an OpenAPI path template, parameters drawn. */
function pathOf(template: string): fc.Arbitrary<(string | Param)[]> {
  const parts = template.split(/(\{[^}]+\})/).filter(Boolean);
  return fc.tuple(
    ...parts.map((part) => (part.startsWith('{') ? param : fc.constant<string | Param>(part))),
  );
}

/** The query string of an operation's query parameters: valid values, or text. */
function queryOf(doc: Schema, operation: Schema): fc.Arbitrary<string> {
  const params = ((operation.parameters ?? []) as Schema[])
    .map((p) => deref(doc, p))
    .filter((p) => p.in === 'query');
  if (params.length === 0) return fc.constant('');
  return fc
    .tuple(
      ...params.map((p) =>
        fc.option(
          fc.oneof(
            { weight: 4, arbitrary: validValue(doc, p.schema).map(String) },
            { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
          ),
          { nil: undefined },
        ),
      ),
    )
    .map((values) => {
      const search = new URLSearchParams();
      values.forEach((value, i) => {
        if (value !== undefined) search.set(params[i]?.name as string, value);
      });
      const text = search.toString();
      return text ? `?${text}` : '';
    });
}

/**
 * How often an operation is drawn. A v1 call renders a whole PNG (a few milliseconds each), so
 * it is drawn less than the others to keep the run light; it is still drawn hundreds of times.
 */
function weightOf(method: string, template: string): number {
  return method === 'post' && template.startsWith('/v1/') ? 1 : 3;
}

/** Requests of each operation of `doc`: its own method, its body valid or not. */
function operationRequests(
  doc: Schema,
  source: 'api' | 'control',
): fc.WeightedArbitrary<FuzzRequest>[] {
  const found: fc.WeightedArbitrary<FuzzRequest>[] = [];
  for (const [template, item] of Object.entries(doc.paths as Record<string, Schema>)) {
    for (const method of METHODS) {
      const operation = item[method] as Schema | undefined;
      if (!operation) continue;
      const media = deref(doc, operation.requestBody ?? {})?.content?.['application/json'];
      const body: fc.Arbitrary<string | Uint8Array | undefined> = media
        ? bodyOf(
            fc.oneof(
              { weight: 3, arbitrary: validValue(doc, media.schema) },
              { weight: 2, arbitrary: invalidValue(doc, media.schema) },
            ),
          )
        : fc.constant(undefined);
      found.push({
        weight: weightOf(method, template),
        arbitrary: fc
          .record({
            path: pathOf(template),
            query: queryOf(doc, operation),
            key: apiKey,
            type: jsonType,
            from: origin,
            body,
          })
          .map(({ path, query, key, type, from, body: payload }) => ({
            method: method.toUpperCase(),
            path,
            query,
            headers: headersOf(key, payload === undefined ? undefined : type, from),
            body: payload,
            source,
          })),
      });
    }
  }
  return found;
}

/** Paths and methods no document lists: other methods on known paths, unknown paths. */
const strayRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
    path: fc.oneof(
      fc.constantFrom(
        ...Object.keys(apiDoc.paths),
        ...Object.keys(controlDoc.paths),
        '/',
        '/v1/unknown-model',
        '/v2/requests',
        '/outputs/x.png',
        '/__mock/',
        '/__mock/%ZZ',
        '//v2//requests//x',
      ),
      fc.webPath(),
    ),
    key: apiKey,
    body: fc.option(bodyOf(fc.jsonValue({ maxDepth: 2 })), { nil: undefined }),
  })
  .map(({ method, path, key, body }) => ({
    method,
    path: [path.replace(/\{[^}]+\}/g, 'x')],
    query: '',
    headers: headersOf(key, body === undefined ? undefined : 'application/json', undefined),
    body: method === 'GET' || method === 'HEAD' ? undefined : body,
    source: 'stray' as const,
  }));

/** Every kind of request, weighted towards the spec's operations. */
export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  { weight: 6, arbitrary: fc.oneof(...operationRequests(apiDoc, 'api')) },
  { weight: 3, arbitrary: fc.oneof(...operationRequests(controlDoc, 'control')) },
  { weight: 1, arbitrary: strayRequest },
);

/** The request's path and query, with the ids known at run time put in. */
export function targetOf(request: FuzzRequest, knownIds: readonly string[]): string {
  const path = request.path
    .map((part) => {
      if (typeof part === 'string') return part;
      if ('known' in part && knownIds.length > 0) return knownIds[part.known % knownIds.length];
      return encodeURIComponent('text' in part ? part.text : 'unknown-id');
    })
    .join('');
  return path + request.query;
}
