// The shape of one model's facts in the registry (`MODELS`), each read from an `x-` extension of
// the spec (see its root description, "How long a job takes", "What a job costs", "What a model
// outputs").

/** What a model's output image shows: the subject cut out, or the subject erased. */
export type ModelOutput = 'cutout' | 'erased';

/**
 * How an input property changes the output: `mask` (answers the subject's mask), `invert`
 * (inverts that mask), `grow` (grows it by a number), `json` (v1 answers JSON, base64 image).
 */
export type OutputEffect = 'mask' | 'invert' | 'grow' | 'json';

/** How an image input may be given: an `http(s)` URL, or base64 (bare or a data URI). */
export type ImageForm = 'url' | 'base64';

/** One model of the spec. */
export interface ModelFacts {
  /** The path segment of `/v1/{slug}` and `/v2/{slug}`. */
  readonly slug: string;
  /** The model's display name (its tag's `x-displayName`). */
  readonly title: string;
  /** The `operationId`s of its v1 (sync) and v2 (submit) operations. */
  readonly operations: { readonly sync: string; readonly submit: string };
  /** Typical time QUEUED, in ms (`x-typical-queue-ms`). */
  readonly typicalQueueMs: number;
  /** Typical time PROCESSING, in ms (`x-typical-processing-ms`). */
  readonly typicalProcessingMs: number;
  /** Credits one call takes (`x-cost`). */
  readonly cost: number;
  /** The `error` a FAILED job of the model most often carries (`x-typical-failure`). */
  readonly typicalFailure: string;
  /** What the output image shows (`x-output`). */
  readonly output: ModelOutput;
  /** The input property behind each output effect it has (`x-output-effect`). */
  readonly effects: { readonly [effect in OutputEffect]?: string };
  /** The image inputs, each with the forms it accepts. */
  readonly images: { readonly [property: string]: readonly ImageForm[] };
  /** The input properties a request must give. */
  readonly required: readonly string[];
}
