import type { MODELS, ModelSlug, ModelTypes } from '@segmind-ts/spec';
import type { ResultResponse } from './types.js';

/**
 * The models of the spec (`@segmind-ts/spec`'s registry), with their input and their v2 result.
 * A model added to the spec is typed everywhere (`run`, `submitAsync`, `runSync`, `job`) with no
 * change here.
 */
export type KnownModels = {
  [M in ModelSlug]: { input: ModelTypes[M]['input']; result: ResultResponse };
};

/** A model of the spec: its input and result are typed. */
export type KnownModel = ModelSlug;

/**
 * Any Segmind model slug. The v2 request endpoints serve every model, so slugs beyond the spec
 * are accepted with an untyped input. (`string & {}` keeps the known names in autocompletion.)
 */
export type ModelName = KnownModel | (string & {});

/** The input of a model: typed for a known model, a plain record for any other slug. */
export type ModelInput<M extends string> = M extends KnownModel
  ? KnownModels[M]['input']
  : Record<string, unknown>;

/** The final body of a completed job of a model outside the spec: the keys every model has. */
export interface UntypedResult {
  status: 'COMPLETED';
  output: unknown;
  metrics?: { inference_time?: number; [key: string]: unknown };
  error?: null;
  request_id?: string;
  [key: string]: unknown;
}

/** The final body of a completed job of model `M`. */
export type ModelResult<M extends string> = M extends KnownModel
  ? KnownModels[M]['result']
  : UntypedResult;

/** The image a v1 call answers with. */
export interface SyncImage {
  /** The image bytes. */
  image: Uint8Array;
  /** The `content-type` of the answer, e.g. `image/png`. */
  contentType: string;
  /** Credits left on the account (`x-remaining-credits`), when the server said. */
  remainingCredits: number | undefined;
  /** The server's id of this call (`x-request-id`), when it sent one. */
  requestId: string | undefined;
}

/**
 * The input property that turns model `M`'s v1 answer into JSON (its registry entry's
 * `effects.json`, from the spec's `x-output-effect: json`), or `never` when it has none.
 */
export type JsonSwitch<M extends KnownModel> = (typeof MODELS)[M]['effects'] extends {
  readonly json: infer Property extends string;
}
  ? Property
  : never;

/** The JSON a v1 call of model `M` answers when its switch is on, with the credits left. */
export type SyncJsonOutput<M extends KnownModel> = ModelTypes[M]['syncJson'] & {
  /** Credits left on the account (`x-remaining-credits`), when the server said. */
  remainingCredits: number | undefined;
  /** The server's id of this call (`x-request-id`), when it sent one. */
  requestId: string | undefined;
};

/**
 * What a v1 call answers given its JSON switch `Switch` (an input property, `never` for none),
 * its JSON answer `Json` and the input `I`: `Json` when `I` sets the switch `true`, the image
 * when `false` or left out, either when `I` says only `boolean`.
 */
export type SyncOutputOf<Switch extends string, Json, I> = [Switch] extends [never]
  ? SyncImage
  : I extends { [K in Switch]: true }
    ? Json
    : I extends { [K in Switch]: false }
      ? SyncImage
      : Switch extends keyof I
        ? Json | SyncImage
        : SyncImage;

/**
 * What `runSync` answers for model `M` and input `I`: a model of the spec with an `effects.json`
 * property answers its JSON (plus `remainingCredits`) when the input sets that property `true`,
 * the image bytes otherwise. A model outside the spec may answer either, so its type is the union.
 */
export type SyncOutput<M extends string, I> = M extends KnownModel
  ? SyncOutputOf<JsonSwitch<M>, SyncJsonOutput<M>, I>
  : SyncImage | Record<string, unknown>;

/**
 * `I` when it has no key beyond `Shape`, otherwise a type that marks each extra key `never`, so
 * an unknown parameter is a compile error on its own line, for object literals and variables
 * alike (TypeScript checks excess keys of literals only).
 */
export type Exact<Shape, I> = I & { [K in Exclude<keyof I, keyof Shape>]: never };

/** The input parameter of a call for model `M`: exact for a known model. */
export type InputArg<M extends string, I> = M extends KnownModel ? Exact<ModelInput<M>, I> : I;

/** `true` when `A` and `B` differ by one edit: a change, an insertion, a deletion or a swap. */
type OneEdit<A extends string, B extends string> = A extends `${infer a}${infer ra}`
  ? B extends `${infer b}${infer rb}`
    ? a extends b
      ? OneEdit<ra, rb>
      : ra extends rb
        ? true
        : A extends rb
          ? true
          : ra extends B
            ? true
            : ra extends `${b}${infer r2}`
              ? rb extends `${a}${r2}`
                ? true
                : false
              : false
    : ra extends ''
      ? true
      : false
  : B extends `${string}${infer rb}`
    ? rb extends ''
      ? true
      : false
    : false;

/** A slug in lower case with `_` and spaces as `-`, the spelling of Segmind's slugs. */
type Normalized<S extends string> = S extends `${infer head}${'_' | ' '}${infer tail}`
  ? Normalized<`${head}-${tail}`>
  : Lowercase<S>;

/** The known model a slug is a near miss of (one typo, or another case or separator), if any. */
type NearMiss<M extends string> = M extends KnownModel
  ? never
  : {
      [K in KnownModel]: Normalized<M> extends K ? K : OneEdit<M, K> extends true ? K : never;
    }[KnownModel];

/**
 * The model parameter: any slug, except one a typo away from a known model, which is a compile
 * error that names the model meant (`did you mean "<known slug>"?`). Without this, a typo
 * would silently turn a typed call into an untyped one.
 */
export type ModelArg<M extends string> = [NearMiss<M>] extends [never]
  ? M
  : `did you mean "${NearMiss<M>}"?`;
