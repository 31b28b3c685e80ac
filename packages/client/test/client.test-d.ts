import { describe, expectTypeOf, it } from 'vitest';
import {
  type BackgroundEraserBase64Output,
  type JobJSON,
  type JobStatus,
  type ModelArg,
  type ResultResponse,
  Segmind,
  type SegmindJob,
  type SyncImage,
  type SyncJsonOutput,
  type UntypedResult,
  type UserCredits,
} from '../src/index.js';

const segmind = new Segmind({ apiKey: 'k' });
const image = 'https://example.test/in.png';

describe('model names', () => {
  it('accepts the known models and any other slug', () => {
    void segmind.run('background-eraser', { image, return_mask: true });
    void segmind.run('bria-erase-foreground', { image });
    void segmind.run('flux-schnell', { prompt: 'a cat', steps: 4 });
    const slug: string = 'from-config';
    void segmind.run(slug, { anything: 1 });
  });

  it('rejects a near miss of a known model, naming it', () => {
    // @ts-expect-error: did you mean "background-eraser"?
    void segmind.run('background-erasr', { image, return_mask: true });
    // @ts-expect-error: a case change is a near miss too
    void segmind.submitAsync('Bria-Erase-Foreground', { image });
    // @ts-expect-error: swapped letters
    void segmind.runSync('bria-erase-foregorund', { image });
    // @ts-expect-error: not a string
    void segmind.run(42, { image });
  });

  it('names the model meant in the error', () => {
    expectTypeOf<
      ModelArg<'background-erasr'>
    >().toEqualTypeOf<'did you mean "background-eraser"?'>();
    expectTypeOf<
      ModelArg<'bria_erase_foreground'>
    >().toEqualTypeOf<'did you mean "bria-erase-foreground"?'>();
    expectTypeOf<ModelArg<'background-eraser'>>().toEqualTypeOf<'background-eraser'>();
    expectTypeOf<ModelArg<'sdxl1.0-txt2img'>>().toEqualTypeOf<'sdxl1.0-txt2img'>();
  });
});

describe('inputs of known models', () => {
  it('requires the required parameters', () => {
    // @ts-expect-error: return_mask is required by background-eraser
    void segmind.run('background-eraser', { image });
    // @ts-expect-error: image is required
    void segmind.submitAsync('bria-erase-foreground', { preserve_alpha: true });
  });

  it('types each parameter', () => {
    void segmind.run('background-eraser', {
      image,
      return_mask: true,
      // @ts-expect-error: grow_mask is a number
      grow_mask: '3',
    });
    void segmind.runSync('bria-erase-foreground', {
      image,
      // @ts-expect-error: preserve_alpha is a boolean
      preserve_alpha: 'yes',
    });
  });

  it('rejects an unknown parameter, in a literal and in a variable', () => {
    void segmind.run('background-eraser', {
      image,
      return_mask: true,
      // @ts-expect-error: no such parameter
      grow_masks: 3,
    });
    const input = { image, return_mask: true, strength: 0.4 };
    // @ts-expect-error: the variable carries a key the model does not take
    void segmind.submitAsync('background-eraser', input);
    const exact = { image, return_mask: true, grow_mask: 4 };
    void segmind.submitAsync('background-eraser', exact);
  });

  it('rejects a parameter of the other model', () => {
    void segmind.run('background-eraser', {
      image,
      return_mask: true,
      // @ts-expect-error: preserve_alpha belongs to bria-erase-foreground
      preserve_alpha: true,
    });
  });
});

describe('credits', () => {
  it('answers the balance typed from the spec', async () => {
    const balance = await segmind.credits();
    expectTypeOf(balance).toEqualTypeOf<UserCredits>();
    expectTypeOf(balance.credits).toEqualTypeOf<number>();
    expectTypeOf(balance['free-credits']).toEqualTypeOf<number>();
  });
});

describe('results follow the model', () => {
  it('run and wait answer the result body', async () => {
    expectTypeOf(
      await segmind.run('background-eraser', { image, return_mask: false }),
    ).toEqualTypeOf<ResultResponse>();
    const job = await segmind.submitAsync('bria-erase-foreground', { image });
    expectTypeOf(job).toEqualTypeOf<SegmindJob<'bria-erase-foreground'>>();
    expectTypeOf(await job.wait()).toEqualTypeOf<ResultResponse>();
    expectTypeOf(await job.result()).toEqualTypeOf<ResultResponse>();
    expectTypeOf(await job.status()).toEqualTypeOf<JobStatus>();
    expectTypeOf(job.requestId).toEqualTypeOf<string>();
  });

  it('a slug beyond the spec answers the untyped result', async () => {
    const result = await segmind.run('flux-schnell', { prompt: 'a cat' });
    expectTypeOf(result).toEqualTypeOf<UntypedResult>();
    expectTypeOf(result.output).toEqualTypeOf<unknown>();
  });

  it('runSync answers the image, or the base64 JSON for background-eraser with base64: true', async () => {
    expectTypeOf(
      await segmind.runSync('background-eraser', { image, return_mask: true }),
    ).toEqualTypeOf<SyncImage>();
    expectTypeOf(
      await segmind.runSync('background-eraser', { image, return_mask: true, base64: false }),
    ).toEqualTypeOf<SyncImage>();
    const base64 = await segmind.runSync('background-eraser', {
      image,
      return_mask: true,
      base64: true,
    });
    expectTypeOf(base64).toEqualTypeOf<SyncJsonOutput<'background-eraser'>>();
    expectTypeOf(base64).toExtend<BackgroundEraserBase64Output>();
    expectTypeOf(base64.image).toEqualTypeOf<string>();
    expectTypeOf(base64.remainingCredits).toEqualTypeOf<number | undefined>();
    expectTypeOf(base64.requestId).toEqualTypeOf<string | undefined>();
    const flag: boolean = Math.random() > 0.5;
    expectTypeOf(
      await segmind.runSync('background-eraser', { image, return_mask: true, base64: flag }),
    ).toEqualTypeOf<SyncJsonOutput<'background-eraser'> | SyncImage>();
    const bria = await segmind.runSync('bria-erase-foreground', { image });
    expectTypeOf(bria).toEqualTypeOf<SyncImage>();
    expectTypeOf(bria.image).toEqualTypeOf<Uint8Array>();
    expectTypeOf(bria.remainingCredits).toEqualTypeOf<number | undefined>();
  });

  it('a job resumed by id or from stored JSON is typed by the model named beside it', async () => {
    const byId = segmind.job('r1', 'bria-erase-foreground');
    expectTypeOf(byId).toEqualTypeOf<SegmindJob<'bria-erase-foreground'>>();
    expectTypeOf(await byId.wait()).toEqualTypeOf<ResultResponse>();
    expectTypeOf((await byId.result()).output).toEqualTypeOf<ResultResponse['output']>();
    expectTypeOf((await byId.result()).output).not.toBeUnknown();
    // JSON read back from storage is `any` (JSON.parse) or a plain JobJSON: the model names it.
    const stored: string = '{}';
    const fromStorage = segmind.job(JSON.parse(stored), 'background-eraser');
    expectTypeOf(fromStorage).toEqualTypeOf<SegmindJob<'background-eraser'>>();
    const plain: JobJSON = JSON.parse(stored);
    expectTypeOf(segmind.job(plain, 'background-eraser')).toEqualTypeOf<
      SegmindJob<'background-eraser'>
    >();
    // A JSON typed by its model needs no second argument.
    const typed: JobJSON<'bria-erase-foreground'> = JSON.parse(stored);
    expectTypeOf(segmind.job(typed)).toEqualTypeOf<SegmindJob<'bria-erase-foreground'>>();
    // @ts-expect-error: a near miss of a known model is refused here too
    void segmind.job('r1', 'bria-erase-foregorund');
    expectTypeOf(segmind.job('r1', 'flux-schnell')).toEqualTypeOf<SegmindJob<'flux-schnell'>>();
  });

  it('cached reads are typed like the fresh ones, or undefined', async () => {
    const job = await segmind.submitAsync('bria-erase-foreground', { image });
    expectTypeOf(job.cachedResult).toEqualTypeOf<ResultResponse | undefined>();
    expectTypeOf(job.lastStatus).toEqualTypeOf<JobStatus | undefined>();
  });

  it('a resumed job is typed by its model when given', async () => {
    const job = segmind.job<'background-eraser'>('r1');
    expectTypeOf(await job.wait()).toEqualTypeOf<ResultResponse>();
    expectTypeOf(segmind.job('r1')).toEqualTypeOf<SegmindJob<string>>();
    expectTypeOf(segmind.job(job.toJSON())).toEqualTypeOf<SegmindJob<'background-eraser'>>();
  });
});

describe('options', () => {
  it('takes console, or any partial logger', () => {
    void new Segmind({ logger: console });
    void new Segmind({ logger: { warn: (message: string) => void message } });
    // @ts-expect-error: a logger method takes a message string
    void new Segmind({ logger: { warn: (message: number) => void message } });
  });

  it('takes the documented options, in milliseconds', () => {
    const controller = new AbortController();
    void segmind.run(
      'background-eraser',
      { image, return_mask: true },
      {
        timeoutMs: 60_000,
        intervalMs: 1000,
        signal: controller.signal,
        onStatus: (status) => expectTypeOf(status.status).toEqualTypeOf<JobStatus['status']>(),
      },
    );
    // @ts-expect-error: times are numbers of milliseconds
    void segmind.run('background-eraser', { image, return_mask: true }, { timeoutMs: '60s' });
  });
});
