import { bodyOf, type FailedBody, type ResultBody } from '../bodies.js';
import { type ContractCheck, requireControl } from '../check.js';
import { checkOutput, fetchResult, followJob, readSubmit } from '../lifecycle.js';
import { MODELS, SLOWEST_MODEL } from '../models.js';
import { stateOf } from '../rules.js';

/**
 * v2, per model: submit, poll through every state to COMPLETED, fetch the result, fetch the
 * output image without the key.
 */
const lifecycleChecks: ContractCheck[] = MODELS.map((model) => ({
  name: `v2 ${model.slug}: submit, poll, result, output`,
  async run(ctx) {
    ctx.spend(1);
    const submit = await ctx.send({ method: 'POST', url: `/v2/${model.slug}`, json: model.input });
    if (!ctx.expectStatus(submit, 200)) return;
    const job = readSubmit(ctx, submit);
    if (!job) return;
    const followed = await followJob(ctx, job);
    ctx.note(`states seen: ${followed.states.join(' → ')}`);
    if (followed.final === 'FAILED') {
      ctx.violation('unexpected-status', 'a valid job ended FAILED', followed.last);
      return;
    }
    if (followed.final !== 'COMPLETED') return;
    const result = await fetchResult(ctx, job);
    if (result) await checkOutput(ctx, bodyOf<ResultBody>(result.json).output);
  },
}));

/**
 * v2 FAILED: a job made to fail answers 422 with the FAILED body on status and result. On the
 * slowest model, whose job is seen waiting before it fails.
 */
const failedCheck: ContractCheck = {
  name: `v2 ${SLOWEST_MODEL.slug}: FAILED served as 422 with its body`,
  async run(ctx) {
    requireControl(ctx, 'a client cannot make a job fail on demand (POST /__mock/outcomes)');
    const error = 'Output image flagged by visual content moderation';
    await ctx.control?.failNext({ model: SLOWEST_MODEL.slug, error, times: 1 });
    const submit = await ctx.send({
      method: 'POST',
      url: `/v2/${SLOWEST_MODEL.slug}`,
      json: SLOWEST_MODEL.input,
    });
    if (!ctx.expectStatus(submit, 200)) return;
    const job = readSubmit(ctx, submit);
    if (!job) return;
    const followed = await followJob(ctx, job);
    ctx.note(`states seen: ${followed.states.join(' → ')}`);
    if (followed.final !== 'FAILED') {
      ctx.violation(
        'failed-body',
        `the job was scripted to fail but ended ${followed.final ?? 'nowhere'}`,
        followed.last,
      );
      return;
    }
    const failed = bodyOf<FailedBody>(followed.last?.json);
    if (failed.error !== error) {
      ctx.violation(
        'failed-body',
        `the status body's error is ${JSON.stringify(failed.error)}, not the scripted "${error}"`,
        followed.last,
      );
    }
    // Segmind's SDK stops at the status; other clients fetch the result, which must say the same.
    const result = await ctx.send({ method: 'GET', url: job.responseUrl });
    if (!ctx.expectStatus(result, 422)) return;
    if (stateOf(result.json) !== 'FAILED' || bodyOf<FailedBody>(result.json).error !== error) {
      ctx.violation(
        'failed-body',
        `the result of a FAILED job must carry status "FAILED" and its error; got ${JSON.stringify(result.json)}`,
        result,
      );
    }
  },
};

/** The v2 lifecycle checks. */
export const asyncChecks: ContractCheck[] = [...lifecycleChecks, failedCheck];
