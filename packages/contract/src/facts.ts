/**
 * The facts the spec states about the real service, each with where it stands, its sources and,
 * for an assumption, what would confirm it: read from the extensions `x-source`,
 * `x-unverified`, `x-confirm-by`, `x-judge` and the root's `x-behaviours` (described in the
 * spec's root description). `segmind-contract judge` weighs the assumptions against a recording;
 * the docs render every fact on the page "What is verified".
 */
import { escapePointerSegment as escapeKey, resolvePointer } from '@segmind-ts/spec';
import { loadBundledSpec, type OpenApiDocument } from './spec.js';

/** Sources whose facts are assumptions about the real service, whatever else is said. */
const ASSUMED_SOURCES = new Set(['assumption', 'third-party']);

/** Where a fact shows on the wire: an operation's answer, or one media type of it. */
export interface FactUse {
  operationId: string;
  method: string;
  path: string;
  /** The status code, for a response, header, schema or property. */
  status?: string;
  /** The media type, for a schema or property. */
  contentType?: string;
}

/** What kind of node of the spec a fact stands on. */
export type FactKind =
  | 'operation'
  | 'response'
  | 'header'
  | 'schema'
  | 'property'
  | 'parameter'
  | 'security'
  | 'behaviour';

/** One fact of the spec. */
export interface SpecFact {
  /** A stable id: the JSON pointer of the node in the bundle, or `behaviour:<id>`. */
  id: string;
  kind: FactKind;
  /** Where it stands, in words: `GET /v2/requests/{request_id} → 202`, `SubmitResponse.poll_url`. */
  where: string;
  /** Its sources, identifiers of `info.x-sources`. */
  sources: string[];
  /** Flagged `x-unverified: true`. */
  unverified: boolean;
  /** An assumption: unverified, or sourced from `assumption` or `third-party` only in part. */
  assumption: boolean;
  /** What the spec says, its description's first paragraph (or a behaviour's summary). */
  statement: string;
  /** What would confirm it (`x-confirm-by`), for an assumption. */
  confirmBy?: string;
  /** The rule of `segmind-contract judge` that weighs it (`x-judge`), when one is named. */
  judge?: string;
  /** The header's name, for a header. */
  header?: string;
  /** The schema and property names, and whether the property is required, for a property. */
  property?: { schema: string; name: string; required: boolean };
  /** The schema's name, for a schema. */
  schema?: string;
  /** Where it shows on the wire (empty for a behaviour or a request-only schema). */
  usedBy: FactUse[];
}

/** A source named by `info.x-sources`. */
export interface SpecSource {
  id: string;
  title: string;
  url?: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/**
 * `node` with its local `$ref`s followed, and the pointer of where it ends (`pointer` itself
 * when it is no reference). A reference that leads nowhere ends there, with no node.
 */
function resolve(spec: OpenApiDocument, node: OpenApiDocument, pointer: string) {
  let current = node;
  let at = pointer;
  const seen = new Set<string>();
  while (
    typeof current?.$ref === 'string' &&
    current.$ref.startsWith('#/') &&
    !seen.has(current.$ref)
  ) {
    at = current.$ref;
    seen.add(at);
    current = resolvePointer(spec, at);
  }
  return { node: current, pointer: at };
}

function sourcesOf(node: OpenApiDocument): string[] {
  const value = node?.['x-source'];
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/** The first paragraph of a description, on one line. */
function firstParagraph(text: unknown): string {
  if (typeof text !== 'string') return '';
  return (text.trim().split(/\n\s*\n/)[0] ?? '').replace(/\s*\n\s*/g, ' ');
}

/** The sources `info.x-sources` lists. */
export function listSpecSources(spec: OpenApiDocument = loadBundledSpec()): SpecSource[] {
  return Object.entries<OpenApiDocument>(spec.info?.['x-sources'] ?? {}).map(([id, source]) => ({
    id,
    title: String(source?.title ?? id),
    ...(typeof source?.url === 'string' ? { url: source.url } : {}),
  }));
}

/**
 * Every fact of the spec, once each: operations, their responses, headers and body schemas,
 * every property of a named schema, parameters, security schemes and behaviours. A node shared
 * by several operations (an error response, a header) is one fact used in several places.
 */
export function listSpecFacts(spec: OpenApiDocument = loadBundledSpec()): SpecFact[] {
  const facts = new Map<string, SpecFact>();
  const add = (
    pointer: string,
    node: OpenApiDocument,
    kind: FactKind,
    where: string,
    extra: Partial<SpecFact> = {},
  ): SpecFact => {
    let fact = facts.get(pointer);
    if (!fact) {
      const sources = sourcesOf(node);
      const unverified = node?.['x-unverified'] === true;
      fact = {
        id: pointer,
        kind,
        where,
        sources,
        unverified,
        assumption: unverified || sources.some((source) => ASSUMED_SOURCES.has(source)),
        statement: firstParagraph(node?.description ?? node?.summary),
        ...(typeof node?.['x-confirm-by'] === 'string'
          ? { confirmBy: firstParagraph(node['x-confirm-by']) }
          : {}),
        ...(typeof node?.['x-judge'] === 'string' ? { judge: node['x-judge'] } : {}),
        usedBy: [],
        ...extra,
      };
      facts.set(pointer, fact);
    }
    return fact;
  };
  const use = (fact: SpecFact, used: FactUse) => {
    if (
      !fact.usedBy.some(
        (u) =>
          u.operationId === used.operationId &&
          u.status === used.status &&
          u.contentType === used.contentType,
      )
    ) {
      fact.usedBy.push(used);
    }
  };

  for (const [path, item] of Object.entries<OpenApiDocument>(spec.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      const operationId = String(operation.operationId ?? `${method.toUpperCase()} ${path}`);
      const at = `${method.toUpperCase()} ${path}`;
      const base = `#/paths/${escapeKey(path)}/${method}`;
      use(add(base, operation, 'operation', at), { operationId, method, path });
      for (const [status, raw] of Object.entries<OpenApiDocument>(operation.responses ?? {})) {
        const response = resolve(spec, raw, `${base}/responses/${status}`);
        const fact = add(response.pointer, response.node, 'response', `${at} → ${status}`);
        use(fact, { operationId, method, path, status });
        for (const [name, rawHeader] of Object.entries<OpenApiDocument>(
          response.node?.headers ?? {},
        )) {
          const header = resolve(spec, rawHeader, `${response.pointer}/headers/${escapeKey(name)}`);
          const headerFact = add(header.pointer, header.node, 'header', `header ${name}`, {
            header: name,
          });
          use(headerFact, { operationId, method, path, status });
        }
        for (const [contentType, media] of Object.entries<OpenApiDocument>(
          response.node?.content ?? {},
        )) {
          const ref = media?.schema?.$ref;
          if (typeof ref !== 'string' || !ref.startsWith('#/components/schemas/')) continue;
          const name = ref.slice('#/components/schemas/'.length);
          const schema = resolve(spec, media.schema, ref);
          const schemaFact = add(schema.pointer, schema.node, 'schema', `schema ${name}`, {
            schema: name,
          });
          use(schemaFact, { operationId, method, path, status, contentType });
        }
      }
    }
  }
  for (const [name, schema] of Object.entries<OpenApiDocument>(spec.components?.schemas ?? {})) {
    const pointer = `#/components/schemas/${escapeKey(name)}`;
    const schemaFact = add(pointer, schema, 'schema', `schema ${name}`, { schema: name });
    const required: string[] = Array.isArray(schema?.required) ? schema.required : [];
    for (const [property, raw] of Object.entries<OpenApiDocument>(schema?.properties ?? {})) {
      // A property that is a reference carries its source where it points.
      const target = resolve(spec, raw, `${pointer}/properties/${escapeKey(property)}`).node;
      const fact = add(
        `${pointer}/properties/${escapeKey(property)}`,
        { ...target, ...raw, $ref: undefined },
        'property',
        `${name}.${property}`,
        { property: { schema: name, name: property, required: required.includes(property) } },
      );
      if (fact.statement === '') fact.statement = `A property of ${name}: ${schemaFact.statement}`;
      // What confirms a schema confirms its properties, unless they say otherwise.
      if (fact.confirmBy === undefined && schemaFact.confirmBy !== undefined) {
        fact.confirmBy = schemaFact.confirmBy;
      }
      for (const used of schemaFact.usedBy) use(fact, used);
    }
  }
  for (const [name, parameter] of Object.entries<OpenApiDocument>(
    spec.components?.parameters ?? {},
  )) {
    add(`#/components/parameters/${escapeKey(name)}`, parameter, 'parameter', `parameter ${name}`);
  }
  for (const [name, scheme] of Object.entries<OpenApiDocument>(
    spec.components?.securitySchemes ?? {},
  )) {
    add(`#/components/securitySchemes/${escapeKey(name)}`, scheme, 'security', `security ${name}`);
  }
  for (const behaviour of spec['x-behaviours'] ?? []) {
    add(`behaviour:${behaviour.id}`, behaviour, 'behaviour', `behaviour ${behaviour.id}`);
  }
  const all = [...facts.values()];
  for (const fact of all) if (fact.kind === 'response') fact.where = responseWhere(fact);
  return all;
}

/**
 * Where a response stands, once all its uses are known: its operation and status, or, for one
 * shared by many operations (the error answers), its status and its name in the components.
 */
function responseWhere(fact: SpecFact): string {
  const operations = [...new Set(fact.usedBy.map((u) => `${u.method.toUpperCase()} ${u.path}`))];
  const statuses = [...new Set(fact.usedBy.map((u) => u.status))];
  if (statuses.length === 1 && operations.length <= 3) {
    return `${operations.join(', ')} → ${statuses[0]}`;
  }
  const name = fact.id.startsWith('#/components/responses/')
    ? ` (${fact.id.slice('#/components/responses/'.length)})`
    : '';
  return `${statuses.join(', ')} of ${operations.length} operations${name}`;
}

/** The facts that are assumptions about the real service. */
export function listAssumptions(spec: OpenApiDocument = loadBundledSpec()): SpecFact[] {
  return listSpecFacts(spec).filter((fact) => fact.assumption);
}
