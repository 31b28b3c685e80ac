/**
 * `@segmind-ts/spec/tooling`: Node helpers for the generators that read the spec: the
 * write-or-check step. No dependency (the Ajv set-up is `@segmind-ts/spec/ajv`).
 */
export { type WriteOrCheckOutcome, writeOrCheck } from './write-or-check.js';
