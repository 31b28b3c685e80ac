import { type ContractCheck, requireControl } from '../check.js';
import type { CheckContext } from '../context.js';
import type { ContractAnswer } from '../exchange.js';
import { MODELS } from '../models.js';

/** An id no job has: ids are opaque strings, and this one cannot collide with a real one. */
const UNKNOWN_ID = 'segmind-contract-unknown-0000';

/** 400: each model rejects a bad parameter on v1 and v2, with an `error` string. */
const badParameterChecks: ContractCheck[] = MODELS.map((model) => ({
  name: `400 ${model.slug}: ${model.badInput.rule} (v1 and v2)`,
  async run(ctx) {
    for (const version of ['v1', 'v2']) {
      const answer = await ctx.send({
        method: 'POST',
        url: `/${version}/${model.slug}`,
        json: model.badInput.body,
        badInput: true,
      });
      ctx.expectStatus(answer, 400);
    }
  },
}));

/** 400: a body that is not JSON. */
const malformedJsonCheck: ContractCheck = {
  name: '400 a body that is not JSON',
  async run(ctx) {
    if (ctx.behindPrism) {
      ctx.skip('Prism cannot forward a request whose JSON body does not parse');
    }
    const answer = await ctx.send({
      method: 'POST',
      url: '/v2/background-eraser',
      raw: '{"image": ',
      badInput: true,
    });
    ctx.expectStatus(answer, 400);
  },
};

/** 401: no key on a submit and on a status poll. */
const noKeyCheck: ContractCheck = {
  name: '401 no API key (submit and status)',
  async run(ctx) {
    const [model] = MODELS;
    const submit = await ctx.send({
      method: 'POST',
      url: '/v2/background-eraser',
      json: model?.input,
      apiKey: null,
      badInput: true,
    });
    ctx.expectStatus(submit, 401);
    const status = await ctx.send({
      method: 'GET',
      url: `/v2/requests/${UNKNOWN_ID}/status`,
      apiKey: null,
      badInput: true,
    });
    ctx.expectStatus(status, 401);
  },
};

/** Checks an answer to a route the spec does not have: 404 with `{"error": string}`. */
function expectNotFoundError(ctx: CheckContext, answer: ContractAnswer) {
  if (!ctx.expectStatus(answer, 404)) return;
  if (answer.contentType !== 'application/json' || typeof answer.json?.error !== 'string') {
    ctx.violation(
      'schema',
      `a 404 must be JSON {"error": string}; got "${answer.contentType}" ${JSON.stringify(answer.json)}`,
      answer,
    );
  }
}

/** 404: an unknown model, on v1 and v2 (no operation of the spec covers it, so checked here). */
const unknownModelCheck: ContractCheck = {
  name: '404 unknown model (v1 and v2)',
  async run(ctx) {
    for (const version of ['v1', 'v2']) {
      const answer = await ctx.send({
        method: 'POST',
        url: `/${version}/background-erase`,
        json: { image: 'https://example.com/a.png' },
        badInput: true,
        validate: false,
      });
      if (answer.proxyRejected === undefined) expectNotFoundError(ctx, answer);
    }
  },
};

/** 404: an unknown request id on the status and the result endpoint. */
const unknownRequestCheck: ContractCheck = {
  name: '404 unknown request id (status and result)',
  async run(ctx) {
    for (const url of [`/v2/requests/${UNKNOWN_ID}/status`, `/v2/requests/${UNKNOWN_ID}`]) {
      const answer = await ctx.send({ method: 'GET', url });
      ctx.expectStatus(answer, 404);
    }
  },
};

/**
 * Error codes a client cannot provoke on demand (403 forbidden key, 406 credits, 429 rate
 * limit, 500, 502, 504), injected with the mock's faults; each answer is judged against the
 * spec (the `{"error"}` body, and `Retry-After` when present on 429).
 */
const injectedChecks: ContractCheck[] = [
  { status: 403, method: 'POST', path: '/v2/background-eraser', what: 'forbidden key' },
  { status: 406, method: 'POST', path: '/v1/bria-erase-foreground', what: 'insufficient credits' },
  { status: 429, method: 'GET', path: '/v2/requests/*/status', what: 'rate limited' },
  { status: 500, method: 'POST', path: '/v2/bria-erase-foreground', what: 'server error' },
  { status: 502, method: 'GET', path: '/v2/requests/*', what: 'bad gateway' },
  { status: 504, method: 'POST', path: '/v1/background-eraser', what: 'gateway timeout' },
].map(({ status, method, path, what }) => ({
  name: `${status} ${what} (${method} ${path}, injected)`,
  async run(ctx) {
    requireControl(ctx, `a client cannot provoke a ${status} on demand (POST /__mock/faults)`);
    await ctx.control?.fault({ method, path, status, times: 1 });
    const model = MODELS.find((m) => path.endsWith(m.slug));
    const url = path.replace('*/status', `${UNKNOWN_ID}/status`).replace('*', UNKNOWN_ID);
    const answer = await ctx.send(
      method === 'POST' ? { method: 'POST', url, json: model?.input } : { method: 'GET', url },
    );
    if (ctx.expectStatus(answer, status) && status === 429) {
      ctx.note(
        answer.headers.get('retry-after') === null
          ? 'no Retry-After header (optional in the spec)'
          : `Retry-After: ${answer.headers.get('retry-after')}`,
      );
    }
  },
}));

/** The error-path checks. */
export const errorChecks: ContractCheck[] = [
  ...badParameterChecks,
  malformedJsonCheck,
  noKeyCheck,
  unknownModelCheck,
  unknownRequestCheck,
  ...injectedChecks,
];
