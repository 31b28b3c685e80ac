// The properties every answer of the fuzz must hold, judged against the document it answers to.

import { deref } from '@segmind-ts/spec';
import { createSpecAjv } from '@segmind-ts/spec/ajv';
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';
import { apiDoc, controlDoc } from './requests.js';
import type { Schema } from './schema-arbitrary.js';

/** An answer as both targets give it: in-process `Response` or HTTP. */
export interface Answer {
  /** The status, or `network-error` when the connection dropped (a fault). */
  status: number | 'network-error';
  headers: Headers;
  body: Uint8Array;
}

/** What the run knows about the mock when the request was sent. */
export interface Circumstances {
  /** Whether the journal's latest entry says this answer came from an injected fault. */
  fromFault: boolean;
}

// control-api.yaml is not the spec: it carries keywords the spec's set-up does not list.
const controlAjv = () => createSpecAjv({ strict: false, allErrors: true });

const documents = [
  { doc: apiDoc, ajv: createSpecAjv({ allErrors: true }) },
  { doc: controlDoc, ajv: controlAjv() },
];
const compiled = new Map<Schema, ValidateFunction>();

function validatorOf(ajv: Ajv2020, doc: Schema, schema: Schema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile({ ...schema, components: doc.components });
    compiled.set(schema, validate);
  }
  return validate;
}

const templates = documents.flatMap(({ doc, ajv }) =>
  Object.keys(doc.paths).map((template) => ({
    doc,
    ajv,
    template,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  })),
);

/** The operation of either document that `method` `pathname` addresses, if any. */
function operationOf(method: string, pathname: string) {
  const found = templates.find(({ pattern }) => pattern.test(pathname));
  if (!found) return undefined;
  const operation = found.doc.paths[found.template][method.toLowerCase()] as Schema | undefined;
  return operation && { ...found, operation };
}

const decoder = new TextDecoder();

/** The JSON body, or `undefined` when it does not parse. */
function jsonOf(body: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(body));
  } catch {
    return undefined;
  }
}

/**
 * The problems of one answer (none when it holds):
 * - no status of 500 or more, and no dropped connection, unless an injected fault caused it;
 * - every 4xx is JSON `{"error": string}` (422 carries the FAILED body, `error` included);
 * - an answer to an operation of the spec or of control-api.yaml has a documented status,
 *   content type, body and headers (answers of injected faults excepted: any status is
 *   injectable).
 */
export function problemsOf(
  method: string,
  pathname: string,
  answer: Answer,
  circumstances: Circumstances,
): string[] {
  const where = `${method} ${pathname} → ${answer.status}`;
  if (answer.status === 'network-error') {
    return circumstances.fromFault ? [] : [`${where}: dropped without an injected fault`];
  }
  const problems: string[] = [];
  if (answer.status >= 500 && !circumstances.fromFault) {
    problems.push(`${where}: a 5xx without an injected fault: ${decoder.decode(answer.body)}`);
  }
  const contentType = answer.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
  // A HEAD answer carries no body to judge.
  const hasBody = method !== 'HEAD';
  if (hasBody && answer.status >= 400 && answer.status < 500) {
    const body = jsonOf(answer.body) as Record<string, unknown> | undefined;
    if (contentType !== 'application/json' || typeof body?.error !== 'string') {
      problems.push(`${where}: a 4xx without {"error": string}: ${decoder.decode(answer.body)}`);
    } else if (answer.status !== 422 && Object.keys(body).length !== 1) {
      problems.push(`${where}: a 4xx body with more than "error": ${decoder.decode(answer.body)}`);
    }
  }
  const found = operationOf(method, pathname);
  if (!found || circumstances.fromFault || !hasBody) return problems;
  const documented = found.operation.responses?.[String(answer.status)];
  if (!documented) return [...problems, `${where}: status not documented`];
  const response = deref(found.doc, documented);
  const media = response.content?.[contentType];
  if (!media) return [...problems, `${where}: content type "${contentType}" not documented`];
  if (contentType === 'application/json') {
    const validate = validatorOf(found.ajv, found.doc, media.schema);
    if (!validate(jsonOf(answer.body))) {
      problems.push(`${where}: body invalid: ${found.ajv.errorsText(validate.errors)}`);
    }
  }
  for (const [name, ref] of Object.entries((response.headers ?? {}) as Record<string, Schema>)) {
    const value = answer.headers.get(name);
    const header = deref(found.doc, ref);
    if (value === null || !header.schema) continue;
    const validate = validatorOf(found.ajv, found.doc, header.schema);
    const type = header.schema.type;
    if (!validate(type === 'number' || type === 'integer' ? Number(value) : value)) {
      problems.push(`${where}: header ${name}=${value} invalid`);
    }
  }
  return problems;
}

const bodyValidators = new Map<string, ValidateFunction>();
const specAjv = documents[0]?.ajv as Ajv2020;

/** Whether `body` is an input the spec accepts for the model operation at `pathname`. */
export function isValidInput(method: string, pathname: string, body: unknown): boolean {
  const found = operationOf(method, pathname);
  if (!found || found.doc !== apiDoc) return false;
  const media = deref(apiDoc, found.operation.requestBody ?? {})?.content?.['application/json'];
  if (!media) return false;
  let validate = bodyValidators.get(pathname);
  if (!validate) {
    validate = specAjv.compile({ ...media.schema, components: apiDoc.components });
    bodyValidators.set(pathname, validate);
  }
  return validate(body) as boolean;
}
