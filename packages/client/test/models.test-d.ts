// The client's model types are derived from `@segmind-ts/spec`: its registry (`MODELS`), its
// per-model types (`ModelTypes`) and its generated schemas. Nothing here restates a model by
// hand beyond the two the spec has today, named to check the derivation lands on them.
import type { components, JobState, MODELS, ModelSlug, ModelTypes, paths } from '@segmind-ts/spec';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  JsonSwitch,
  KnownModel,
  KnownModels,
  ModelInput,
  ModelResult,
  SyncImage,
  SyncJsonOutput,
  SyncOutput,
  SyncOutputOf,
} from '../src/models.js';
import type * as client from '../src/types.js';

type Schemas = components['schemas'];

describe('the known models', () => {
  it('are the slugs of the spec registry', () => {
    expectTypeOf<KnownModel>().toEqualTypeOf<ModelSlug>();
    expectTypeOf<KnownModel>().toEqualTypeOf<keyof typeof MODELS>();
    expectTypeOf<keyof KnownModels>().toEqualTypeOf<ModelSlug>();
  });

  it('take the inputs of the spec, and answer its result body', () => {
    expectTypeOf<{ [M in KnownModel]: ModelInput<M> }>().toEqualTypeOf<{
      [M in ModelSlug]: ModelTypes[M]['input'];
    }>();
    expectTypeOf<ModelResult<KnownModel>>().toEqualTypeOf<Schemas['ResultResponse']>();
  });
});

describe('the JSON answer of a v1 call', () => {
  it('is switched by the input property of the model effects.json', () => {
    expectTypeOf<JsonSwitch<'background-eraser'>>().toEqualTypeOf<
      (typeof MODELS)['background-eraser']['effects']['json']
    >();
    expectTypeOf<JsonSwitch<'background-eraser'>>().toEqualTypeOf<'base64'>();
    expectTypeOf<JsonSwitch<'bria-erase-foreground'>>().toBeNever();
  });

  it('is the spec syncJson type of the model, with the credits and the request id', () => {
    expectTypeOf<SyncJsonOutput<'background-eraser'>>().toEqualTypeOf<
      ModelTypes['background-eraser']['syncJson'] & {
        remainingCredits: number | undefined;
        requestId: string | undefined;
      }
    >();
  });

  it('follows the switch: JSON when true, the image when false or absent, either when unknown', () => {
    type Json = { url: string };
    expectTypeOf<SyncOutputOf<'as_json', Json, { as_json: true }>>().toEqualTypeOf<Json>();
    expectTypeOf<SyncOutputOf<'as_json', Json, { as_json: false }>>().toEqualTypeOf<SyncImage>();
    expectTypeOf<SyncOutputOf<'as_json', Json, { as_json: boolean }>>().toEqualTypeOf<
      Json | SyncImage
    >();
    expectTypeOf<SyncOutputOf<'as_json', Json, { image: string }>>().toEqualTypeOf<SyncImage>();
    expectTypeOf<SyncOutputOf<never, Json, { as_json: true }>>().toEqualTypeOf<SyncImage>();
  });

  it('is the image for every known model without effects.json', () => {
    expectTypeOf<
      SyncOutput<'bria-erase-foreground', ModelInput<'bria-erase-foreground'>>
    >().toEqualTypeOf<SyncImage>();
    expectTypeOf<SyncOutput<'background-eraser', { base64: true }>>().toEqualTypeOf<
      SyncJsonOutput<'background-eraser'>
    >();
  });
});

describe('the spec types the client answers with', () => {
  it('are the spec generated types', () => {
    expectTypeOf<client.paths>().toEqualTypeOf<paths>();
    expectTypeOf<client.SubmitResponse>().toEqualTypeOf<Schemas['SubmitResponse']>();
    expectTypeOf<client.StatusResponse>().toEqualTypeOf<Schemas['StatusResponse']>();
    expectTypeOf<client.FailedResponse>().toEqualTypeOf<Schemas['FailedResponse']>();
    expectTypeOf<client.ResultResponse>().toEqualTypeOf<Schemas['ResultResponse']>();
  });

  it('name the job states of the spec', () => {
    expectTypeOf<client.RequestStatus>().toEqualTypeOf<JobState>();
  });
});
