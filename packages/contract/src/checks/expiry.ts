import { RETENTION_MS } from '@segmind-ts/spec';
import { bodyOf, type ResultBody } from '../bodies.js';
import { type ContractCheck, requireControl, requireMovableClock } from '../check.js';
import type { ContractAnswer } from '../exchange.js';
import { fetchResult, followJob, readSubmit } from '../lifecycle.js';
import { SLOWEST_MODEL } from '../models.js';
import { RETENTION_IN_WORDS as RETENTION, retentionFinding } from '../rules.js';

/**
 * Expiry, counted from the submit as Segmind's "Async Inference (V2)" page states it ("stored for
 * 1 hour after submission", the spec's `x-retention-ms`): a job is still served a minute before
 * the retention is over, and one second after it neither its status, its result, its `poll_url`
 * nor its output is served, even though the job ended later than it was submitted. On the
 * slowest model (bria runs about 13 s): a target that counts from the end still serves it then,
 * and fails.
 */
export const expiryCheck: ContractCheck = {
  name: `v2 ${SLOWEST_MODEL.slug}: gone ${RETENTION} after submission`,
  async run(ctx) {
    requireControl(ctx, 'nobody waits an hour: the check moves the virtual clock past retention');
    requireMovableClock(
      ctx,
      RETENTION_MS + 60_000,
      `the check waits out the ${RETENTION} retention`,
    );
    ctx.spend(1);
    const submit = await ctx.send({
      method: 'POST',
      url: `/v2/${SLOWEST_MODEL.slug}`,
      json: SLOWEST_MODEL.input,
    });
    const submittedAt = ctx.waitedMs();
    if (!ctx.expectStatus(submit, 200)) return;
    const job = readSubmit(ctx, submit);
    if (!job) return;
    const followed = await followJob(ctx, job);
    if (followed.final !== 'COMPLETED') return;
    const result = await fetchResult(ctx, job);
    const output = bodyOf<ResultBody>(result?.json).output;
    const age = () => ctx.waitedMs() - submittedAt;
    ctx.note(`the job ended about ${Math.round(age() / 1000)} s after its submit`);

    const judge = (answer: ContractAnswer, expected: number) => {
      const finding = retentionFinding(age(), answer.status);
      if (finding) ctx.violation(finding.kind, finding.message, answer);
      else ctx.expectStatus(answer, expected);
    };

    await ctx.wait(RETENTION_MS - 60_000 - age());
    judge(await ctx.send({ method: 'GET', url: job.responseUrl }), 200);

    // One second past the retention after the submit: gone, however long after the end that is.
    await ctx.wait(RETENTION_MS + 1_000 - age());
    for (const url of [job.statusUrl, job.responseUrl, ...(job.pollUrl ? [job.pollUrl] : [])]) {
      judge(await ctx.send({ method: 'GET', url }), 404);
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
          'the output image is still served after its job expired',
          media,
        );
      }
    }
  },
};
