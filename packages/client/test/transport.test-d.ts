import { describe, expectTypeOf, it } from 'vitest';
import {
  createTransport,
  type FailedResponse,
  type ResultResponse,
  type StatusResponse,
  type SubmitResponse,
} from '../src/index.js';

const client = createTransport({ apiKey: 'k', fetch: async () => new Response('{}') });
const image = 'https://example.test/in.png';

describe('typed transport', () => {
  it('rejects a path the spec does not have', () => {
    // @ts-expect-error: no such path in the spec
    void client.POST('/v1/background-erasr', { body: { image, return_mask: true } });
    // @ts-expect-error: the request endpoints are GET only
    void client.POST('/v2/requests/{request_id}/status', { params: { path: { request_id: 'r' } } });
  });

  it('requires image and return_mask for background-eraser', () => {
    // @ts-expect-error: image is required
    void client.POST('/v2/background-eraser', { body: { return_mask: true } });
    // @ts-expect-error: return_mask is required by the product page
    void client.POST('/v2/background-eraser', { body: { image } });
    void client.POST('/v2/background-eraser', { body: { image, return_mask: true } });
  });

  it('types every parameter', () => {
    void client.POST('/v1/background-eraser', {
      body: {
        image,
        return_mask: true,
        // @ts-expect-error: grow_mask is an integer, not a string
        grow_mask: '3',
      },
    });
    // @ts-expect-error: preserve_alpha is a boolean
    void client.POST('/v2/bria-erase-foreground', { body: { image, preserve_alpha: 'yes' } });
    // @ts-expect-error: bria's image is required
    void client.POST('/v1/bria-erase-foreground', { body: { preserve_alpha: true } });
  });

  it('requires the request_id path parameter', () => {
    // @ts-expect-error: params.path.request_id is missing
    void client.GET('/v2/requests/{request_id}/status', {});
  });

  it('types the submit answer', async () => {
    const { data, error } = await client.POST('/v2/background-eraser', {
      body: { image, return_mask: true },
    });
    expectTypeOf(data).toEqualTypeOf<SubmitResponse | undefined>();
    expectTypeOf(error).toEqualTypeOf<{ error: string } | undefined>();
    if (data) {
      expectTypeOf(data.status).toEqualTypeOf<'QUEUED'>();
      expectTypeOf(data.status_url).toEqualTypeOf<string>();
    }
  });

  it('types the status answer, with the FAILED body as the error', async () => {
    const { data, error } = await client.GET('/v2/requests/{request_id}/status', {
      params: { path: { request_id: 'r' } },
    });
    expectTypeOf(data).toEqualTypeOf<StatusResponse | undefined>();
    expectTypeOf<NonNullable<typeof data>['status']>().toEqualTypeOf<
      'QUEUED' | 'PROCESSING' | 'COMPLETED'
    >();
    expectTypeOf<FailedResponse>().toExtend<NonNullable<typeof error>>();
  });

  it('types the result answer', async () => {
    const { data } = await client.GET('/v2/requests/{request_id}', {
      params: { path: { request_id: 'r' } },
    });
    expectTypeOf<ResultResponse>().toExtend<NonNullable<typeof data>>();
    expectTypeOf<ResultResponse['metrics']['inference_time']>().toEqualTypeOf<number>();
    expectTypeOf<ResultResponse['output']>().toEqualTypeOf<string>();
  });
});
