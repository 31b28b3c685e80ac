import { pointerSegments, resolvePointer } from '@segmind-ts/spec';
import {
  type GeneratedValidationError,
  validators as generated,
} from '../generated/validators.gen.js';
import { type SpecModel, spec, specModels } from './spec.js';

/** The result of checking a request body: the first problem, in words, or none. */
export type ValidationResult = { ok: true } | { ok: false; error: string };

/** A check of one model's input. */
export type InputValidator = (body: unknown) => ValidationResult;

/** A model of the spec with the check of its input. */
export type ValidatedModel = SpecModel & { validate: InputValidator };

const MAX_NAME = 64;

/** The one valid result, shared: nothing to allocate on the common path. */
const VALID: ValidationResult = Object.freeze({ ok: true });

/** The answer to an input whose check threw: a refusal of the input, never a 500. */
const UNCHECKABLE: ValidationResult = Object.freeze({
  ok: false,
  error: 'body: could not be checked (too large or too deeply nested)',
});

function fieldName(error: GeneratedValidationError): string {
  const path = pointerSegments(error.instancePath).join('.');
  const property =
    error.keyword === 'required'
      ? error.params.missingProperty
      : error.keyword === 'additionalProperties'
        ? error.params.additionalProperty
        : undefined;
  const name = [path, property].filter(Boolean).join('.') || 'body';
  return name.length > MAX_NAME ? `${name.slice(0, MAX_NAME)}…` : name;
}

/**
 * One sentence naming the field and the rule, e.g. `grow_mask: must be <= 50`, from the first
 * error of a validator of `model`'s input.
 */
export function describeError(
  model: SpecModel,
  error: GeneratedValidationError | undefined,
): string {
  if (!error) return 'body: is invalid';
  const field = fieldName(error);
  switch (error.keyword) {
    case 'required':
      return `${field}: is required`;
    case 'additionalProperties':
      return `${field}: is not a parameter of this model`;
    case 'oneOf': {
      // Name the accepted forms by their titles in the spec (e.g. "Image URL, Base64 image").
      const branches = resolvePointer(spec, `${model.inputSchemaRef}${error.schemaPath.slice(1)}`);
      const titles = Array.isArray(branches)
        ? branches.map((branch) => (branch as { title?: unknown }).title).filter(Boolean)
        : [];
      return titles.length
        ? `${field}: must be exactly one of: ${titles.join(', ')}`
        : `${field}: must match exactly one of its forms`;
    }
    default:
      return `${field}: ${error.message ?? `fails ${error.keyword}`}`;
  }
}

let models: Map<string, ValidatedModel> | undefined;

/**
 * Every model of the spec with the check of its input. The checks are compiled from
 * `spec/dist/openapi.json` at build time (`pnpm gen`), never hand-copied; this only pairs them
 * with the models, once per process.
 */
export function specValidators(): { models: ReadonlyMap<string, ValidatedModel> } {
  if (!models) {
    models = new Map();
    for (const model of specModels()) {
      const check = generated[model.name];
      if (!check) {
        throw new Error(`No validator for ${model.name}: run \`pnpm gen\` after editing the spec`);
      }
      const validate: InputValidator = (body) => {
        let valid: boolean;
        try {
          valid = check(body);
        } catch {
          // The spec bounds every string, so no accepted input can make a check throw; whatever
          // still does (a stack overflow on some unforeseen input) was caused by the input.
          return UNCHECKABLE;
        }
        if (valid) return VALID;
        // A oneOf failure also reports each branch's own error; the oneOf itself says it best.
        const errors = check.errors ?? [];
        const error = errors.find((e) => e.keyword === 'oneOf') ?? errors[0];
        return { ok: false, error: describeError(model, error) };
      };
      models.set(model.name, { ...model, validate });
    }
  }
  return { models };
}
