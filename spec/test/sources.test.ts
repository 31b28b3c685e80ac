// Every wire fact names its source (`x-source`), every source is one the root lists
// (`info.x-sources`), and every assumption says what would confirm it (`x-confirm-by`).
import { describe, expect, it } from 'vitest';
import { MODELS } from '../src/index.js';
import { deref, type Json, loadSpec, operationsOf } from './load-spec.js';

const spec = loadSpec();

/** Sources that make a node an assumption about the real service, whatever else it says. */
const ASSUMED = new Set(['assumption', 'third-party']);

const sourcesOf = (node: Json): string[] => {
  const value = node?.['x-source'];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
};

/** A named place of the spec and the node there. */
interface Place {
  where: string;
  node: Json;
}

/** Every node that must name its source: the "facts of note" of the spec. */
function placesOfNote(document: Json): Place[] {
  const places: Place[] = [];
  for (const { path, method, operation } of operationsOf(document)) {
    const at = `${method.toUpperCase()} ${path}`;
    places.push({ where: at, node: operation });
    for (const [code, ref] of Object.entries<Json>(operation.responses)) {
      const response = deref(document, ref);
      places.push({ where: `${at} → ${code}`, node: response });
      for (const [name, header] of Object.entries<Json>(response.headers ?? {})) {
        places.push({ where: `${at} → ${code} header ${name}`, node: deref(document, header) });
      }
    }
  }
  for (const [name, schema] of Object.entries<Json>(document.components.schemas)) {
    places.push({ where: `schema ${name}`, node: schema });
    for (const [property, value] of Object.entries<Json>(schema.properties ?? {})) {
      // A property that is a reference names its source where it points.
      places.push({ where: `schema ${name}.${property}`, node: deref(document, value) });
    }
  }
  for (const [name, parameter] of Object.entries<Json>(document.components.parameters ?? {})) {
    places.push({ where: `parameter ${name}`, node: parameter });
  }
  for (const [name, scheme] of Object.entries<Json>(document.components.securitySchemes ?? {})) {
    places.push({ where: `security scheme ${name}`, node: scheme });
  }
  for (const behaviour of document['x-behaviours'] ?? []) {
    places.push({ where: `behaviour ${behaviour.id}`, node: behaviour });
  }
  return places;
}

/** Every node of the document, anywhere, with its JSON pointer. */
function everyNode(document: Json): (Place & { owner?: Json })[] {
  const found: (Place & { owner?: Json })[] = [];
  const walk = (node: Json, pointer: string, owner?: Json) => {
    if (!node || typeof node !== 'object') return;
    found.push({ where: pointer, node, ...(owner ? { owner } : {}) });
    for (const [key, child] of Object.entries<Json>(node)) {
      // A property of a schema is covered by what its schema says about confirming it.
      if (key === 'properties' && child && typeof child === 'object') {
        for (const [name, property] of Object.entries<Json>(child)) {
          walk(property, `${pointer}/properties/${name}`, node);
        }
      } else {
        walk(child, `${pointer}/${key}`);
      }
    }
  };
  walk(document, '#');
  return found;
}

const isAssumption = (node: Json) =>
  node['x-unverified'] === true || sourcesOf(node).some((source) => ASSUMED.has(source));

/** What is wrong with the document's sources, in words (nothing when all is well). */
function sourceProblems(document: Json): string[] {
  const known = new Set(Object.keys(document.info['x-sources'] ?? {}));
  const problems: string[] = [];
  for (const { where, node } of placesOfNote(document)) {
    if (sourcesOf(node).length === 0) problems.push(`${where} has no x-source`);
  }
  for (const { where, node, owner } of everyNode(document)) {
    if ('x-source' in node) {
      const value = node['x-source'];
      const list = Array.isArray(value) ? value : [value];
      if (list.length === 0) problems.push(`${where}: x-source is empty`);
      for (const source of list) {
        if (!known.has(source)) problems.push(`${where}: unknown source ${JSON.stringify(source)}`);
      }
    }
    if (('x-source' in node || 'x-unverified' in node) && isAssumption(node)) {
      const confirm = node['x-confirm-by'] ?? owner?.['x-confirm-by'];
      if (!(typeof confirm === 'string' && confirm.trim().length > 10)) {
        problems.push(`${where} is an assumption without x-confirm-by`);
      }
    }
  }
  return problems;
}

describe('where each fact comes from', () => {
  it('lists its sources at the root, each with a title', () => {
    const sources = spec.info['x-sources'];
    // Segmind's documentation and SDK, the two kinds of assumption, and a product page (`seed:`)
    // per model that has one; every other id is a typo.
    const seeds = Object.keys(sources).filter((id) => id.startsWith('seed:'));
    expect(
      Object.keys(sources)
        .filter((id) => !id.startsWith('seed:'))
        .sort(),
    ).toEqual([
      'assumption',
      'segmind-docs:account-billing',
      'segmind-docs:async-inference-v2',
      'segmind-docs:rate-limits',
      'segmind-python-sdk',
      'third-party',
    ]);
    expect(seeds).toEqual(
      expect.arrayContaining(['seed:background-eraser', 'seed:bria-erase-foreground']),
    );
    for (const seed of seeds) expect(Object.keys(MODELS)).toContain(seed.slice('seed:'.length));
    for (const source of Object.values<Json>(sources)) expect(source.title).toMatch(/\w{3}/);
    expect(spec.info.description).toContain('x-source');
    expect(spec.info.description).toContain('x-confirm-by');
  });

  it('names a known source on every operation, response, header, schema, property and behaviour', () => {
    expect(placesOfNote(spec).length).toBeGreaterThan(80);
    expect(sourceProblems(spec)).toEqual([]);
  });

  it('would notice a missing or unknown source, and an assumption without x-confirm-by', () => {
    const broken = structuredClone(spec);
    delete broken.components.schemas.SubmitResponse.properties.poll_url['x-source'];
    broken.paths['/v1/get-user-credits'].get['x-source'] = 'segmind-blog';
    delete broken.components.headers['x-request-id']['x-confirm-by'];
    expect(sourceProblems(broken)).toEqual([
      'schema SubmitResponse.poll_url has no x-source',
      '#/paths//v1/get-user-credits/get: unknown source "segmind-blog"',
      '#/components/headers/x-request-id is an assumption without x-confirm-by',
    ]);
  });

  it('lists the rules no schema states as behaviours, with unique ids', () => {
    const behaviours: Json[] = spec['x-behaviours'];
    const ids = behaviours.map((b) => b.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'retention-from-submission',
        'rate-limits-per-plan',
        'failed-not-charged',
        'job-urls-absolute',
      ]),
    );
    for (const behaviour of behaviours) expect(behaviour.summary).toMatch(/\w+ \w+ \w+/);
    const retention = behaviours.find((b) => b.id === 'retention-from-submission');
    expect(retention['x-source']).toBe('segmind-docs:async-inference-v2');
    expect(retention.summary).toMatch(/1 hour after submission/);
  });

  it('flags the points seen only in third-party code as assumptions', () => {
    const headers = spec.components.headers;
    for (const name of ['x-rate-limit-remaining', 'x-rate-limit-reset-at-utc', 'x-request-id']) {
      expect(headers[name]['x-source']).toBe('third-party');
      expect(headers[name]['x-unverified']).toBe(true);
    }
    const failed = spec['x-behaviours'].find((b: Json) => b.id === 'failed-not-charged');
    expect(failed).toMatchObject({ 'x-source': 'third-party', 'x-unverified': true });
  });
});
