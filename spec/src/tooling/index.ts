/**
 * `@segmind-ts/spec/tooling`: Node helpers for code that reads the spec: the Ajv set-up and the
 * generators' write-or-check step. Needs `ajv` and `ajv-formats` (optional peers) for the Ajv
 * part.
 */
export { compileSpecSchema, createSpecAjv, SPEC_SCHEMA_EXTENSIONS } from './ajv.js';
export { type WriteOrCheckOutcome, writeOrCheck } from './write-or-check.js';
