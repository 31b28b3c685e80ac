import { type BodyResult, readJsonBody } from './body.js';
import type { SimulatorContext } from './context.js';
import { excerptOf } from './journal.js';
import type { Reply } from './reply.js';
import type { RequestLike } from './request-like.js';
import type { ValidatedModel } from './validation.js';

/** Valid bodies larger than this are kept as an excerpt, not as parsed. */
export const JOURNAL_BODY_LIMIT = 64 * 1024;

type Meta = NonNullable<Reply['meta']>;

/**
 * What the journal notes of a body that was not kept as parsed: its first bytes as text and its
 * size. Never the parsed value: a refused body may be a tree 30,000 levels deep that costs 30
 * times its bytes in memory.
 */
export function excerptMeta(model: string | undefined, raw: Uint8Array | undefined): Meta {
  const meta: Meta = model === undefined ? {} : { model };
  if (raw !== undefined && raw.byteLength > 0) {
    meta.requestExcerpt = excerptOf(raw);
    meta.requestBytes = raw.byteLength;
  }
  return meta;
}

/** What the journal notes of a body the model accepted: the value itself when it is small. */
export function acceptedMeta(model: string, value: unknown, raw: Uint8Array): Meta {
  return raw.byteLength <= JOURNAL_BODY_LIMIT
    ? { model, requestBody: value, requestBytes: raw.byteLength }
    : excerptMeta(model, raw);
}

/** The model a `/v1/{model}` or `/v2/{model}` path addresses, if any. */
function modelOfPath(ctx: SimulatorContext, pathname: string): ValidatedModel | undefined {
  const match = /^\/v[12]\/([^/]+)\/?$/.exec(pathname);
  return match ? ctx.models.get(match[1] as string) : undefined;
}

function metaOfRead(ctx: SimulatorContext, pathname: string, read: BodyResult): Meta {
  if (!read.ok) return excerptMeta(undefined, read.raw);
  const model = modelOfPath(ctx, pathname);
  if (model?.validate(read.value).ok) return acceptedMeta(model.name, read.value, read.raw);
  return excerptMeta(model?.name, read.raw);
}

/**
 * What the journal notes of the body of a request answered by a fault, which never reaches the
 * routes that read it: read (within the body limit) only to be noted, as a route would.
 */
export function faultedBodyMeta(
  ctx: SimulatorContext,
  request: RequestLike,
  pathname: string,
): Meta | Promise<Meta> {
  if (request.body === null) return {};
  const read = readJsonBody(request, ctx.maxBodyBytes);
  return read instanceof Promise
    ? read.then((done) => metaOfRead(ctx, pathname, done))
    : metaOfRead(ctx, pathname, read);
}
