// The models the mock serves are the spec's registry (`MODELS`), each paired with its input
// schema in the bundle; nothing about a model is known to the mock beyond them.
import { deref, JOB_STATES, MODELS, type ModelFacts } from '@segmind-ts/spec';
import { describe, expect, it } from 'vitest';
import { defaultFailure, GENERIC_FAILURE } from '../src/core/outcomes.js';
import { spec, specModels } from '../src/core/spec.js';
import { specValidators } from '../src/core/validation.js';
import { validators } from '../src/generated/validators.gen.js';
import { doc as controlDoc } from './control-doc.js';

describe('the models of the spec', () => {
  it('are the registry, in its order, each with its facts and its input schema', () => {
    const models = specModels();
    expect(models.map((model) => model.name)).toEqual(Object.keys(MODELS));
    for (const model of models) {
      expect(model.facts).toBe(MODELS[model.name as keyof typeof MODELS]);
      const schema = deref(spec, { $ref: model.inputSchemaRef });
      expect(model.inputProperties).toEqual(Object.keys(schema.properties));
      for (const required of model.facts.required)
        expect(model.inputProperties).toContain(required);
    }
  });

  it('each have a generated validator, served with the model', () => {
    expect(Object.keys(validators)).toEqual(Object.keys(MODELS));
    expect([...specValidators().models.keys()]).toEqual(Object.keys(MODELS));
  });

  it('refuse a registry entry the bundle has no operation for', () => {
    const ghost: ModelFacts = { ...MODELS['bria-erase-foreground'], slug: 'ghost-model' };
    expect(() => specModels({ 'ghost-model': ghost })).toThrow(/ghost-model/);
  });
});

describe('the failure a job of a model reports by default', () => {
  it('is the model’s x-typical-failure in the spec, and a generic one for any other name', () => {
    for (const model of Object.values(MODELS)) {
      expect(defaultFailure(model.slug)).toBe(model.typicalFailure);
    }
    expect(defaultFailure('bria-erase-foreground')).toBe(
      'Output image flagged by visual content moderation',
    );
    expect(defaultFailure('background-eraser')).toBe('Inference failed');
    expect(defaultFailure('not-a-model')).toBe(GENERIC_FAILURE);
    expect(defaultFailure('toString')).toBe(GENERIC_FAILURE);
  });
});

describe('the job states the control API documents', () => {
  // control-api.yaml is a document of its own for the mock's `/__mock/` endpoints, so it states
  // the states rather than referencing the spec: this keeps it to the spec's list, in order.
  it('are the spec’s job states, in their order', () => {
    expect(controlDoc.components.schemas.JobStatus.enum).toEqual([...JOB_STATES]);
  });
});
