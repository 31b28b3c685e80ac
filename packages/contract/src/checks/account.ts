import { bodyOf, type CreditsBody } from '../bodies.js';
import type { ContractCheck } from '../check.js';

/**
 * The credit balance (`GET /v1/get-user-credits`, Segmind's "Account and Billing APIs"): the
 * key's balance as `{"credits": number, "free-credits": number}` (judged by the validator), and
 * 401 without a key. It costs nothing.
 */
const creditsCheck: ContractCheck = {
  name: 'credit balance (GET /v1/get-user-credits)',
  async run(ctx) {
    const balance = await ctx.send({ method: 'GET', url: '/v1/get-user-credits' });
    if (ctx.expectStatus(balance, 200)) {
      const credits = bodyOf<CreditsBody>(balance.json);
      ctx.note(`credits: ${credits.credits}, free-credits: ${credits['free-credits']}`);
    }
    const anonymous = await ctx.send({
      method: 'GET',
      url: '/v1/get-user-credits',
      apiKey: null,
      badInput: true,
    });
    ctx.expectStatus(anonymous, 401);
  },
};

/** The account checks. */
export const accountChecks: ContractCheck[] = [creditsCheck];
