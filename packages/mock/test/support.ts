// Shared by the tests: request builders and the check of an answer against the spec.

import { deref as derefIn } from '@segmind-ts/spec';
import { createSpecAjv } from '@segmind-ts/spec/ajv';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { spec } from '../src/core/spec.js';

/** Origin the tests talk to when they call `handle()` directly. */
export const ORIGIN = 'https://api.segmind.com';

/** A valid background-eraser body. */
export const ERASER_INPUT = {
  image: 'https://example.com/cat.png',
  return_mask: false,
};

/** A valid bria-erase-foreground body. */
export const BRIA_INPUT = { image: 'https://example.com/dog.jpg' };

/** A JSON POST with an API key. */
export function post(
  path: string,
  body: unknown,
  init: RequestInit & { key?: string | null } = {},
) {
  const { key = 'test-key', headers, ...rest } = init;
  return new Request(new URL(path, ORIGIN), {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...rest,
    headers: {
      'content-type': 'application/json',
      ...(key === null ? {} : { 'x-api-key': key }),
      ...(headers as Record<string, string> | undefined),
    },
  });
}

/** A GET with an API key (`key: null` for none). */
export function get(pathOrUrl: string, key: string | null = 'test-key') {
  return new Request(new URL(pathOrUrl, ORIGIN), {
    headers: key === null ? {} : { 'x-api-key': key },
  });
}

type Json = Record<string, unknown>;

const ajv = createSpecAjv({ allErrors: true });
const compiled = new Map<string, ValidateFunction>();

function deref(node: unknown): Json {
  return derefIn(spec, node);
}

function validatorFor(key: string, schema: Json): ValidateFunction {
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile({ ...schema, components: spec.components });
    compiled.set(key, validate);
  }
  return validate;
}

/** The spec's path template matching `pathname`, e.g. `/v2/requests/{request_id}`. */
export function templateOf(pathname: string): string | undefined {
  return Object.keys(spec.paths).find((template) =>
    new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pathname),
  );
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Checks one answer of a spec operation: its status is documented for the operation, its
 * content type too, its body validates against that schema, and so does every documented
 * header it carries. Returns the problems (none when it conforms).
 */
export async function specProblems(request: Request, response: Response): Promise<string[]> {
  const url = new URL(request.url);
  const template = templateOf(url.pathname);
  if (!template) return [`no spec path for ${url.pathname}`];
  const operation = spec.paths[template]?.[request.method.toLowerCase()] as Json | undefined;
  if (!operation) return [`no ${request.method} operation on ${template}`];
  const where = `${request.method} ${template} ${response.status}`;
  const documented = (operation.responses as Json)[String(response.status)];
  if (!documented) return [`${where}: status not documented`];
  const definition = deref(documented);
  const problems: string[] = [];
  const contentType = response.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
  const media = (definition.content as Json | undefined)?.[contentType] as Json | undefined;
  if (!media) return [`${where}: content type "${contentType}" not documented`];
  const bytes = new Uint8Array(await response.clone().arrayBuffer());
  if (contentType === 'application/json') {
    const body = JSON.parse(new TextDecoder().decode(bytes));
    const validate = validatorFor(`${where} ${contentType}`, media.schema as Json);
    if (!validate(body)) problems.push(`${where}: ${ajv.errorsText(validate.errors)}`);
  } else if (contentType === 'image/png') {
    if (!PNG_SIGNATURE.every((b, i) => bytes[i] === b)) problems.push(`${where}: not a PNG`);
  }
  for (const [name, ref] of Object.entries((definition.headers as Json | undefined) ?? {})) {
    const value = response.headers.get(name);
    if (value === null) continue;
    const header = deref(ref);
    const validate = validatorFor(`${where} header ${name}`, header.schema as Json);
    // Header values are strings on the wire; a schema of a number type judges their number.
    const type = (header.schema as Json).type;
    const typed = type === 'number' || type === 'integer' ? Number(value) : value;
    if (!validate(typed)) problems.push(`${where}: header ${name}=${value} invalid`);
  }
  return problems;
}
