// The registry's types follow the generated `paths`: a model's input is its request schema, its
// v1 JSON answer is `never` when it answers only bytes.
import { describe, expectTypeOf, it } from 'vitest';
import type { components, JobState, ModelSlug, ModelTypes } from '../src/index.js';

type Schemas = components['schemas'];

describe('registry types', () => {
  it('derive each model’s input and v1 JSON answer from the spec', () => {
    // The models of today's spec are slugs; a model added to the spec adds its own.
    expectTypeOf<'background-eraser' | 'bria-erase-foreground'>().toExtend<ModelSlug>();
    expectTypeOf<'not-a-model'>().not.toExtend<ModelSlug>();
    expectTypeOf<ModelTypes['background-eraser']['input']>().toEqualTypeOf<
      Schemas['BackgroundEraserInput']
    >();
    expectTypeOf<ModelTypes['bria-erase-foreground']['input']>().toEqualTypeOf<
      Schemas['BriaEraseForegroundInput']
    >();
    expectTypeOf<ModelTypes['background-eraser']['syncJson']>().toEqualTypeOf<
      Schemas['BackgroundEraserBase64Output']
    >();
    expectTypeOf<ModelTypes['bria-erase-foreground']['syncJson']>().toBeNever();
    expectTypeOf<JobState>().toEqualTypeOf<'QUEUED' | 'PROCESSING' | 'COMPLETED' | 'FAILED'>();
  });
});
