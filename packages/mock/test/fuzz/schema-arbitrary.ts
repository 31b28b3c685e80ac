// JSON Schema (the subset the spec and control-api.yaml use) to fast-check arbitraries: values
// the schema accepts, and values it refuses, built by breaking one rule of an accepted value.
import { deref } from '@segmind-ts/spec';
import fc from 'fast-check';

// biome-ignore lint/suspicious/noExplicitAny: schemas are walked generically
export type Schema = Record<string, any>;

/** Longest string generated for an unbounded string schema: the fuzz stays light. */
const UNBOUNDED_STRING = 64;
/** Largest number generated where a schema sets no maximum (ten years of milliseconds). */
const UNBOUNDED_NUMBER = 10 * 365 * 24 * 3600 * 1000;

function typesOf(schema: Schema): string[] {
  if (schema.type === undefined) return [];
  return Array.isArray(schema.type) ? schema.type : [schema.type];
}

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  if (schema.enum) return fc.constantFrom(...(schema.enum as string[]));
  if (schema.const !== undefined) return fc.constant(schema.const as string);
  const max: number = schema.maxLength ?? UNBOUNDED_STRING;
  const min: number = schema.minLength ?? 0;
  let arbitrary: fc.Arbitrary<string>;
  if (schema.format === 'uri') {
    arbitrary = fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true });
  } else if (schema.format === 'date-time') {
    arbitrary = fc
      .date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true })
      .map((d) => d.toISOString());
  } else if (schema.contentEncoding === 'base64') {
    arbitrary = fc
      .tuple(fc.boolean(), fc.base64String({ minLength: 4, maxLength: 200 }))
      .map(([uri, text]) => (uri ? `data:image/png;base64,${text}` : text));
  } else if (schema.pattern) {
    arbitrary = fc.stringMatching(new RegExp(schema.pattern, 'u'));
  } else {
    arbitrary = fc.string({ minLength: min, maxLength: Math.min(max, UNBOUNDED_STRING) });
  }
  return arbitrary.filter((text) => text.length >= min && text.length <= max);
}

function numberArbitrary(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  if (schema.enum) return fc.constantFrom(...(schema.enum as number[]));
  const min =
    schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum : 0);
  const max = schema.maximum ?? Math.max(min, UNBOUNDED_NUMBER);
  if (integer) {
    const low = Math.ceil(schema.exclusiveMinimum !== undefined ? min + 1 : min);
    return fc.integer({ min: low, max: Math.floor(max) });
  }
  return fc
    .double({ min, max, noNaN: true, noDefaultInfinity: true })
    .filter((n) => schema.exclusiveMinimum === undefined || n > schema.exclusiveMinimum);
}

/** Values `schema` accepts. */
export function validValue(doc: Schema, raw: Schema, depth = 0): fc.Arbitrary<unknown> {
  const schema = deref(doc, raw) ?? {};
  if (schema.oneOf) {
    return fc.oneof(...(schema.oneOf as Schema[]).map((branch) => validValue(doc, branch, depth)));
  }
  if (schema.const !== undefined) return fc.constant(schema.const);
  const types = typesOf(schema);
  if (types.length > 1) {
    return fc.oneof(...types.map((type) => validValue(doc, { ...schema, type }, depth)));
  }
  switch (types[0]) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return numberArbitrary(schema, true);
    case 'number':
      return numberArbitrary(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(validValue(doc, schema.items ?? {}, depth + 1), { maxLength: 4 });
    case 'object':
      return objectArbitrary(doc, schema, depth);
    default:
      // An untyped schema (a journal's free-form body): any small JSON value.
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectArbitrary(doc: Schema, schema: Schema, depth: number): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set<string>(schema.required ?? []);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, child] of Object.entries(properties))
    record[name] = validValue(doc, child, depth + 1);
  const requiredKeys = Object.keys(record).filter((name) => required.has(name));
  return fc.record(record, { requiredKeys });
}

/** A JSON value of some other type than `value`'s. */
const otherType = (value: unknown): fc.Arbitrary<unknown> =>
  fc
    .oneof(
      fc.string({ maxLength: 8 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
    )
    .filter(
      (other) => typeof other !== typeof value || Array.isArray(other) !== Array.isArray(value),
    );

/**
 * Values `schema` refuses (most of them): an accepted object with one rule broken (a required
 * property dropped, a property of the wrong type or out of its range, an unknown property, a
 * string one character past its bound), or JSON of another shape altogether.
 */
export function invalidValue(doc: Schema, raw: Schema): fc.Arbitrary<unknown> {
  const schema = deref(doc, raw) ?? {};
  const properties = Object.keys(schema.properties ?? {});
  const broken = validValue(doc, schema).chain((value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      return otherType(value);
    const object = value as Record<string, unknown>;
    const choices: fc.Arbitrary<unknown>[] = [
      fc.string({ minLength: 1, maxLength: 12 }).map((extra) => ({ ...object, [`x-${extra}`]: 1 })),
    ];
    for (const name of schema.required ?? []) {
      choices.push(
        fc.constant(Object.fromEntries(Object.entries(object).filter(([key]) => key !== name))),
      );
    }
    for (const name of properties) {
      const child = deref(doc, schema.properties[name]);
      choices.push(otherType(object[name]).map((wrong) => ({ ...object, [name]: wrong })));
      if (typeof child?.maxLength === 'number') {
        choices.push(
          fc.integer({ min: 1, max: 2000 }).map((extra) => ({
            ...object,
            [name]: `https://x.io/${'a'.repeat(child.maxLength + extra)}`,
          })),
        );
      }
      if (typeof child?.maximum === 'number') {
        choices.push(fc.constant({ ...object, [name]: child.maximum + 1 }));
      }
      if (typeof child?.minimum === 'number') {
        choices.push(fc.constant({ ...object, [name]: child.minimum - 1 }));
      }
    }
    return fc.oneof(...choices);
  });
  return fc.oneof(
    { weight: 4, arbitrary: broken },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}
