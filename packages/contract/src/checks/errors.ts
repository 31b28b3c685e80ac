import { isModelSlug } from '@segmind-ts/spec';
import { bodyOf, type ErrorBody } from '../bodies.js';
import { type ContractCheck, requireControl } from '../check.js';
import type { CheckContext } from '../context.js';
import type { ContractAnswer, ContractRequest } from '../exchange.js';
import { COSTLIEST_MODEL, FIRST_MODEL, MODELS } from '../models.js';

/** An id no job has: ids are opaque strings, and this one cannot collide with a real one. */
const UNKNOWN_ID = 'segmind-contract-unknown-0000';

/** A slug no model has, one letter short of the first model's (a typo a client could make). */
const UNKNOWN_MODEL = (() => {
  let slug = FIRST_MODEL.slug.slice(0, -1);
  while (isModelSlug(slug)) slug += '-unknown';
  return slug;
})();

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
      url: `/v2/${FIRST_MODEL.slug}`,
      raw: '{"image": ',
      badInput: true,
    });
    ctx.expectStatus(answer, 400);
  },
};

/**
 * 401: no key on a submit and on a status poll; and, given `keys.invalid`, a key the target does
 * not know (on a status poll: nothing can be charged even if the key turned out to be valid).
 */
const noKeyCheck: ContractCheck = {
  name: '401 missing or unknown API key (submit and status)',
  async run(ctx) {
    const submit = await ctx.send({
      method: 'POST',
      url: `/v2/${FIRST_MODEL.slug}`,
      json: FIRST_MODEL.input,
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
    const { invalid } = ctx.keys;
    if (invalid === undefined) {
      ctx.note('unknown key not tried: no --invalid-key given');
      return;
    }
    const unknown = await ctx.send({
      method: 'GET',
      url: `/v2/requests/${UNKNOWN_ID}/status`,
      apiKey: invalid,
    });
    if (ctx.expectStatus(unknown, 401)) ctx.note(ownAnswer('--invalid-key', unknown));
  },
};

/** Checks an answer to a route the spec does not have: 404 with `{"error": string}`. */
function expectNotFoundError(ctx: CheckContext, answer: ContractAnswer) {
  if (!ctx.expectStatus(answer, 404)) return;
  if (
    answer.contentType !== 'application/json' ||
    typeof bodyOf<ErrorBody>(answer.json).error !== 'string'
  ) {
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
        url: `/${version}/${UNKNOWN_MODEL}`,
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

/** How a check's note shows the target's own answer to one of the configured keys. */
function ownAnswer(flag: string, answer: ContractAnswer): string {
  const { error } = bodyOf<ErrorBody>(answer.json);
  return `the target's own answer to ${flag}: ${answer.status} ${JSON.stringify(error)}`;
}

/**
 * Notes how a 429 says when to come back: `Retry-After` (optional in the spec), and the
 * rate-limit headers seen in third-party code (assumptions of the spec), when present.
 */
function retryAfterNote(answer: ContractAnswer): string {
  const value = answer.headers.get('retry-after');
  const parts = [
    value === null ? 'no Retry-After header (optional in the spec)' : `Retry-After: ${value}`,
  ];
  for (const name of ['x-rate-limit-remaining', 'x-rate-limit-reset-at-utc']) {
    const header = answer.headers.get(name);
    if (header !== null) parts.push(`${name}: ${header}`);
  }
  return parts.join('; ');
}

/**
 * How long a 429 asks to wait, in ms, and which header says so: `Retry-After` seconds, or else
 * the time from its `Date` to its `x-rate-limit-reset-at-utc`. `undefined` when it says neither.
 */
function waitOf(answer: ContractAnswer): { ms: number; from: string } | undefined {
  const seconds = Number(answer.headers.get('retry-after') ?? Number.NaN);
  if (Number.isInteger(seconds) && seconds >= 0) return { ms: seconds * 1000, from: 'Retry-After' };
  const reset = Date.parse(answer.headers.get('x-rate-limit-reset-at-utc') ?? '');
  const date = Date.parse(answer.headers.get('date') ?? '');
  return Number.isNaN(reset) || Number.isNaN(date)
    ? undefined
    : { ms: Math.max(0, reset - date), from: 'x-rate-limit-reset-at-utc' };
}

interface ErrorScenario {
  status: number;
  method: 'GET' | 'POST';
  /** The path, `*` standing for a request id. */
  path: string;
  what: string;
}

/** The request of a scenario, with the suite's key unless another is given. */
function scenarioRequest(scenario: ErrorScenario, apiKey?: string): ContractRequest {
  const model = MODELS.find((m) => scenario.path.endsWith(`/${m.slug}`));
  const url = scenario.path.replace('*/status', `${UNKNOWN_ID}/status`).replace('*', UNKNOWN_ID);
  return {
    ...(scenario.method === 'POST'
      ? { method: 'POST', url, json: model?.input }
      : { method: 'GET', url }),
    ...(apiKey !== undefined ? { apiKey } : {}),
  };
}

/** Injects the scenario's status with the mock's faults, then judges the answer. */
async function injected(ctx: CheckContext, scenario: ErrorScenario): Promise<void> {
  const { status, method, path } = scenario;
  await ctx.control?.fault({ method, path, status, times: 1 });
  const answer = await ctx.send(scenarioRequest(scenario));
  if (ctx.expectStatus(answer, status) && status === 429) ctx.note(retryAfterNote(answer));
}

/**
 * 429 for real: status polls of an unknown id (free of credits) with `keys.rateLimited` until the
 * target answers 429, at most one call past its limit; then, when the answer says how long,
 * wait that long and check that the key is served again.
 */
async function ownRateLimit(ctx: CheckContext, key: string): Promise<void> {
  const url = `/v2/requests/${UNKNOWN_ID}/status`;
  for (let call = 1; call <= ctx.rateLimit + 1; call++) {
    const answer = await ctx.send({ method: 'GET', url, apiKey: key });
    if (answer.status !== 429) {
      if (ctx.expectStatus(answer, 404)) continue;
      return;
    }
    if (!ctx.expectStatus(answer, 429)) return;
    ctx.note(
      `${ownAnswer('--rate-limited-key', answer)} on call ${call}; ${retryAfterNote(answer)}`,
    );
    // Absent: nothing to honour. Malformed: the validator has recorded it as header-schema.
    const pause = waitOf(answer);
    if (pause === undefined) return;
    await ctx.wait(pause.ms);
    const again = await ctx.send({ method: 'GET', url, apiKey: key });
    if (again.status === 429) {
      ctx.violation(
        'unexpected-status',
        `still 429 after waiting the ${pause.from} of ${pause.ms / 1000} s`,
        again,
      );
    } else {
      ctx.expectStatus(again, 404);
    }
    return;
  }
  ctx.violation(
    'unexpected-status',
    `${ctx.rateLimit + 1} calls in a row with --rate-limited-key were all served; expected a 429 once its limit of ${ctx.rateLimit} a minute (--rate-limit) was used`,
  );
}

/**
 * 403 forbidden key, 406 insufficient credits, 429 rate limit: the target's own answer when the
 * suite has a key in that state (`keys`), else injected with the mock's faults, else skipped.
 * Calls with the forbidden or broke key spend no budget: those keys cannot be charged.
 */
const keyedChecks: ContractCheck[] = (
  [
    {
      status: 403,
      method: 'POST',
      path: `/v2/${FIRST_MODEL.slug}`,
      what: 'forbidden key',
      key: 'forbidden',
      flag: '--forbidden-key',
    },
    {
      status: 406,
      method: 'POST',
      path: `/v1/${COSTLIEST_MODEL.slug}`,
      what: 'insufficient credits',
      key: 'broke',
      flag: '--broke-key',
    },
    {
      status: 429,
      method: 'GET',
      path: '/v2/requests/*/status',
      what: 'rate limited',
      key: 'rateLimited',
      flag: '--rate-limited-key',
    },
  ] as const
).map((scenario) => ({
  name: `${scenario.status} ${scenario.what} (${scenario.method} ${scenario.path})`,
  async run(ctx) {
    const key = ctx.keys[scenario.key];
    if (key !== undefined) {
      if (scenario.status === 429) return ownRateLimit(ctx, key);
      const answer = await ctx.send(scenarioRequest(scenario, key));
      if (ctx.expectStatus(answer, scenario.status)) ctx.note(ownAnswer(scenario.flag, answer));
      return;
    }
    if (!ctx.control) {
      ctx.skip(
        `needs ${scenario.flag} or --control-url: without a key in that state, only a mock's faults (POST /__mock/faults) produce a ${scenario.status}`,
      );
    }
    ctx.note(
      `injected through the control API (give ${scenario.flag} for the target's own answer)`,
    );
    await injected(ctx, scenario);
  },
}));

/**
 * 500, 502, 504: a client cannot provoke them, so they are injected with the mock's faults; each
 * answer is judged against the spec (the `{"error"}` body).
 */
const injectedChecks: ContractCheck[] = (
  [
    { status: 500, method: 'POST', path: `/v2/${COSTLIEST_MODEL.slug}`, what: 'server error' },
    { status: 502, method: 'GET', path: '/v2/requests/*', what: 'bad gateway' },
    { status: 504, method: 'POST', path: `/v1/${FIRST_MODEL.slug}`, what: 'gateway timeout' },
  ] as const
).map((scenario) => ({
  name: `${scenario.status} ${scenario.what} (${scenario.method} ${scenario.path}, injected)`,
  async run(ctx) {
    requireControl(
      ctx,
      `a client cannot provoke a ${scenario.status} on demand (POST /__mock/faults)`,
    );
    await injected(ctx, scenario);
  },
}));

/** The error-path checks. */
export const errorChecks: ContractCheck[] = [
  ...badParameterChecks,
  malformedJsonCheck,
  noKeyCheck,
  unknownModelCheck,
  unknownRequestCheck,
  ...keyedChecks,
  ...injectedChecks,
];
