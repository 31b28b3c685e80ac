// The one Ajv set-up for the bundled spec: JSON Schema 2020-12 (OpenAPI 3.1), its formats and
// the spec's own extensions as known keywords, so strict mode accepts them. The mock's validator
// generator, the contract kit's validator and the tests all compile the spec's schemas with it.
import { Ajv2020, type Options } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

type JsonType = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'integer' | 'null';

/** The `x-` keywords the spec puts on schemas and properties (see the spec's root description). */
export const SPEC_SCHEMA_EXTENSIONS: readonly {
  readonly keyword: string;
  readonly schemaType: JsonType | readonly JsonType[];
}[] = [
  { keyword: 'x-unverified', schemaType: 'boolean' },
  { keyword: 'x-source', schemaType: ['string', 'array'] },
  { keyword: 'x-confirm-by', schemaType: 'string' },
  { keyword: 'x-judge', schemaType: 'string' },
  { keyword: 'x-output-effect', schemaType: 'string' },
];

/** An Ajv 2020-12 instance that understands the bundle's formats and extensions. */
export function createSpecAjv(options: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, ...options });
  // ajv-formats is CommonJS: its default export is the plugin under ESM and CJS alike.
  const addFormats = addFormatsModule.default;
  addFormats(ajv);
  ajv.addFormat('binary', true);
  for (const extension of SPEC_SCHEMA_EXTENSIONS) {
    const { keyword, schemaType } = extension;
    ajv.addKeyword({
      keyword,
      schemaType: typeof schemaType === 'string' ? schemaType : [...schemaType],
    });
  }
  // The components travel beside a schema so `#/components/...` references resolve as they do
  // in the bundle (see `compileSpecSchema`).
  ajv.addKeyword({ keyword: 'components' });
  return ajv;
}

// biome-ignore lint/suspicious/noExplicitAny: a JSON document is walked generically
type Json = any;

/**
 * Compiles one schema of `spec` with the document's components beside it, so that its
 * `#/components/schemas/...` references resolve as they do in the bundle.
 */
export function compileSpecSchema(ajv: Ajv2020, spec: Json, schema: Json) {
  return ajv.compile({ ...schema, components: spec.components });
}
