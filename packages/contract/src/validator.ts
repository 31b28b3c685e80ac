import { deref } from '@segmind-ts/spec';
import { compileSpecSchema, createSpecAjv } from '@segmind-ts/spec/ajv';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { listOperations, matchOperation, type SpecOperation } from './operations.js';
import { loadBundledSpec, type OpenApiDocument } from './spec.js';
import type { Violation } from './violations.js';

/** The answer to judge: what came back for one request. */
export interface ResponseUnderTest {
  /** The operation, by `operationId`; when absent it is found from `method` and `url`. */
  operationId?: string;
  method: string;
  url: string;
  status: number;
  headers: Headers;
  /** The parsed JSON body, or the raw bytes for a non-JSON answer. */
  body: unknown;
  /** True when the body announced JSON but did not parse. */
  unparsable?: boolean;
}

/** Options of {@link createResponseValidator}. */
export interface ResponseValidatorOptions {
  /** The bundled document to judge against. Defaults to `@segmind-ts/spec/openapi.json`. */
  spec?: OpenApiDocument;
  /**
   * Require `x-remaining-credits` on v1 200 answers. The spec documents the header without
   * marking it `required` (OpenAPI headers are optional unless marked), but Segmind's model pages
   * promise it on every v1 call and clients read it to show the balance, so the kit holds a
   * target to it. Default `true`.
   */
  requireCreditsHeader?: boolean;
  /**
   * Check that `image/png` bodies are PNG bytes. Turn off behind a proxy that re-encodes binary
   * bodies (Prism does), where only the status and content type can be judged. Default `true`.
   */
  checkBinaryBodies?: boolean;
}

/** Judges answers against the spec; its schemas are compiled once, when it is created. */
export interface ResponseValidator {
  /** The operations of the spec, for matching requests. */
  readonly operations: SpecOperation[];
  /** Every rule the answer breaks; an empty list means it conforms. */
  validate(response: ResponseUnderTest): Violation[];
}

interface CompiledHeader {
  required: boolean;
  type: string | undefined;
  validate: ValidateFunction;
}

interface CompiledResponse {
  content: Map<string, ValidateFunction>;
  headers: Map<string, CompiledHeader>;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** True when the bytes start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length > PNG_SIGNATURE.length && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

/** The media type of a `Content-Type` value, without parameters, lower case. */
export function mediaType(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function formatAjvError(error: ErrorObject): string {
  const where = error.instancePath || '(body)';
  const extra =
    error.keyword === 'additionalProperties'
      ? ` (${(error.params as { additionalProperty: string }).additionalProperty})`
      : error.keyword === 'const' || error.keyword === 'enum'
        ? ` (${JSON.stringify(error.params)})`
        : '';
  return `${where} ${error.message ?? error.keyword}${extra}`;
}

const CREDIT_OPERATIONS = /Sync$/;

/**
 * Compiles a validator for every documented answer (status, content type, body schema,
 * headers) of the spec. Compile it once and reuse it: the suite judges hundreds of answers.
 */
export function createResponseValidator(options: ResponseValidatorOptions = {}): ResponseValidator {
  const spec = options.spec ?? loadBundledSpec();
  const requireCredits = options.requireCreditsHeader ?? true;
  const checkBinary = options.checkBinaryBodies ?? true;
  // strict off: a downstream spec may carry vendor keywords (`x-*`) the kit does not know.
  const ajv = createSpecAjv({ allErrors: true, strict: false });
  const compile = (schema: OpenApiDocument) => compileSpecSchema(ajv, spec, schema);

  const operations = listOperations(spec);
  const compiled = new Map<string, Map<string, CompiledResponse>>();
  for (const op of operations) {
    const byStatus = new Map<string, CompiledResponse>();
    for (const [status, raw] of Object.entries<OpenApiDocument>(op.operation.responses ?? {})) {
      const response = deref(spec, raw);
      const content = new Map<string, ValidateFunction>();
      for (const [type, media] of Object.entries<OpenApiDocument>(response.content ?? {})) {
        content.set(type.toLowerCase(), compile(media.schema ?? {}));
      }
      const headers = new Map<string, CompiledHeader>();
      for (const [name, rawHeader] of Object.entries<OpenApiDocument>(response.headers ?? {})) {
        const header = deref(spec, rawHeader);
        const schema = deref(spec, header.schema ?? {});
        headers.set(name.toLowerCase(), {
          required:
            header.required === true ||
            (requireCredits &&
              name.toLowerCase() === 'x-remaining-credits' &&
              CREDIT_OPERATIONS.test(op.operationId) &&
              status === '200'),
          type: schema.type,
          validate: compile(schema),
        });
      }
      byStatus.set(status, { content, headers });
    }
    compiled.set(op.operationId, byStatus);
  }

  return {
    operations,
    validate(response) {
      const exchange = `${response.method.toUpperCase()} ${response.url}`;
      const op = response.operationId
        ? operations.find((o) => o.operationId === response.operationId)
        : matchOperation(operations, response.method, response.url);
      if (!op) {
        return [
          {
            kind: 'undocumented-status',
            message: `no operation of the spec matches ${exchange}`,
            exchange,
          },
        ];
      }
      const byStatus = compiled.get(op.operationId);
      const documented =
        byStatus?.get(String(response.status)) ??
        byStatus?.get(`${String(response.status)[0]}XX`) ??
        byStatus?.get('default');
      if (!documented) {
        const known = [...(byStatus?.keys() ?? [])].join(', ');
        return [
          {
            kind: 'undocumented-status',
            message: `${op.operationId} answered ${response.status}, which the spec does not document (documented: ${known})`,
            exchange,
          },
        ];
      }
      const violations: Violation[] = [];
      const type = mediaType(response.headers.get('content-type'));
      const validate = documented.content.get(type);
      if (documented.content.size > 0 && !validate) {
        violations.push({
          kind: 'wrong-content-type',
          message: `${op.operationId} ${response.status} came as "${type || 'no content type'}"; the spec documents ${[...documented.content.keys()].join(', ')}`,
          exchange,
        });
      } else if (validate) {
        if (response.unparsable) {
          violations.push({
            kind: 'unparsable-body',
            message: `${op.operationId} ${response.status} announced ${type} but its body does not parse`,
            exchange,
          });
        } else if (type === 'image/png') {
          const bytes = response.body instanceof Uint8Array ? response.body : new Uint8Array();
          if (checkBinary && !isPng(bytes)) {
            violations.push({
              kind: 'schema',
              message: `${op.operationId} ${response.status} announced image/png but the bytes are not a PNG`,
              exchange,
            });
          }
        } else if (!validate(response.body)) {
          for (const error of validate.errors ?? []) {
            violations.push({
              kind: 'schema',
              message: `${op.operationId} ${response.status}: ${formatAjvError(error)}`,
              at: error.instancePath || '/',
              exchange,
            });
          }
        }
      }
      for (const [name, header] of documented.headers) {
        const value = response.headers.get(name);
        if (value === null) {
          if (header.required) {
            violations.push({
              kind: 'missing-header',
              message: `${op.operationId} ${response.status} has no ${name} header`,
              at: name,
              exchange,
            });
          }
          continue;
        }
        // Header values are strings on the wire; read them as the schema's type says.
        const parsed =
          header.type === 'integer' || header.type === 'number'
            ? value.trim() === ''
              ? Number.NaN
              : Number(value)
            : value;
        if (Number.isNaN(parsed) || !header.validate(parsed)) {
          violations.push({
            kind: 'header-schema',
            message: `${op.operationId} ${response.status}: header ${name}: "${value}" ${Number.isNaN(parsed) ? 'is not a number' : (header.validate.errors?.[0]?.message ?? 'is not valid')}`,
            at: name,
            exchange,
          });
        }
      }
      return violations;
    },
  };
}
