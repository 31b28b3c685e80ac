/**
 * `@segmind-ts/spec/ajv`: the one Ajv set-up for the bundled spec (JSON Schema 2020-12, its
 * formats and the spec's `x-` keywords). Needs `ajv` and `ajv-formats`, optional peers of this
 * package: install them to use this entry.
 */
export { compileSpecSchema, createSpecAjv, SPEC_SCHEMA_EXTENSIONS } from './ajv.js';
