import { type ContractCheck, requireControl, requireMovableClock } from '../check.js';
import { fetchResult, followJob, readSubmit } from '../lifecycle.js';
import { MODELS } from '../models.js';

/** The spec's retention: results are kept one hour after the job ends, then answer 404. */
export const RETENTION_MS = 60 * 60_000;

/**
 * Expiry: a completed result is still served just before the retention ends, and neither the
 * status, the result nor the output is served after it.
 */
export const expiryCheck: ContractCheck = {
  name: 'v2 background-eraser: result expires after 1 h',
  async run(ctx) {
    requireControl(ctx, 'nobody waits an hour: the check moves the virtual clock past retention');
    requireMovableClock(ctx, RETENTION_MS + 60_000, 'the check waits out the 1 h retention');
    ctx.spend(1);
    const [model] = MODELS;
    const submit = await ctx.send({
      method: 'POST',
      url: '/v2/background-eraser',
      json: model?.input,
    });
    if (!ctx.expectStatus(submit, 200)) return;
    const job = readSubmit(ctx, submit);
    if (!job) return;
    const followed = await followJob(ctx, job);
    if (followed.final !== 'COMPLETED') return;
    const result = await fetchResult(ctx, job);
    const output = result?.json?.output;

    // The poll stopped at most one step after completion, so this is still inside retention.
    await ctx.wait(RETENTION_MS - 60_000);
    const before = await ctx.send({ method: 'GET', url: job.responseUrl });
    if (!ctx.expectStatus(before, 200)) {
      ctx.note('the result was gone a minute before the end of its retention');
    }

    await ctx.wait(2 * 60_000);
    for (const url of [job.statusUrl, job.responseUrl]) {
      const after = await ctx.send({ method: 'GET', url });
      if (after.status === 200 || after.status === 202 || after.status === 422) {
        ctx.violation(
          'served-after-expiry',
          `still answered ${after.status} one minute after the 1 h retention ended (expected 404)`,
          after,
        );
      } else {
        ctx.expectStatus(after, 404);
      }
    }
    if (typeof output === 'string') {
      const media = await ctx.send({
        method: 'GET',
        url: output,
        apiKey: null,
        validate: false,
        direct: true,
      });
      if (media.status === 200) {
        ctx.violation(
          'served-after-expiry',
          'the output image is still served after the job expired',
          media,
        );
      }
    }
  },
};
