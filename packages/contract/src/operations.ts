import type { OpenApiDocument } from './spec.js';

/** One operation of the spec, with a matcher for concrete request paths. */
export interface SpecOperation {
  operationId: string;
  method: string;
  /** The path template, e.g. `/v2/requests/{request_id}/status`. */
  template: string;
  // biome-ignore lint/suspicious/noExplicitAny: the operation object of the document
  operation: any;
  pattern: RegExp;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** Lists the operations of a document, literal paths first so `/v2/x` never shadows a literal. */
export function listOperations(spec: OpenApiDocument): SpecOperation[] {
  const found: SpecOperation[] = [];
  for (const [template, item] of Object.entries<OpenApiDocument>(spec.paths ?? {})) {
    const source = template
      .split(/(\{[^}]+\})/)
      .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      found.push({
        operationId: operation.operationId ?? `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        template,
        operation,
        pattern: new RegExp(`^${source}$`),
      });
    }
  }
  // Fewer template variables = more specific.
  const variables = (t: string) => (t.match(/\{/g) ?? []).length;
  return found.sort((a, b) => variables(a.template) - variables(b.template));
}

/** Finds the operation a request went to, by method and path (query and origin ignored). */
export function matchOperation(
  operations: SpecOperation[],
  method: string,
  url: string,
): SpecOperation | undefined {
  const path = new URL(url, 'http://placeholder').pathname;
  const upper = method.toUpperCase();
  return operations.find((op) => op.method === upper && op.pattern.test(path));
}
