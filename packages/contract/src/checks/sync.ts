import { bodyOf, type SyncJsonBody } from '../bodies.js';
import type { ContractCheck } from '../check.js';
import type { CheckContext } from '../context.js';
import type { ContractAnswer } from '../exchange.js';
import { MODELS, type ModelFixture } from '../models.js';
import { isPng } from '../validator.js';

/**
 * Notes the balance a v1 answer reports after its charge, so a report shows what the call cost
 * (its presence and type are the validator's to judge).
 */
function noteCredits(ctx: CheckContext, answer: ContractAnswer) {
  const remaining = answer.headers.get('x-remaining-credits');
  if (remaining !== null) ctx.note(`x-remaining-credits: ${remaining}`);
}

/** v1: each model answers the image bytes with `x-remaining-credits` (checked by the validator). */
const imageChecks: ContractCheck[] = MODELS.map((model) => ({
  name: `v1 ${model.slug}: image bytes`,
  async run(ctx) {
    ctx.spend(1);
    const answer = await ctx.send({ method: 'POST', url: `/v1/${model.slug}`, json: model.input });
    if (!ctx.expectStatus(answer, 200)) return;
    noteCredits(ctx, answer);
    if (ctx.behindPrism) {
      ctx.note('behind Prism the bytes are re-encoded: judged by status and content type');
    }
  },
}));

/**
 * v1, per model with a JSON output (its `x-output-effect: json` property, background-eraser's
 * `base64: true`): JSON whose `image` decodes to a PNG.
 */
const base64Checks: ContractCheck[] = MODELS.flatMap((model) => {
  const property = model.facts.effects.json;
  if (property === undefined) return [];
  return [
    {
      name: `v1 ${model.slug}: ${property} output`,
      run: (ctx) => checkBase64(ctx, model, property),
    },
  ];
});

/** Sets the model's JSON `property` on its input and checks the `image` it answers. */
async function checkBase64(ctx: CheckContext, model: ModelFixture, property: string) {
  ctx.spend(1);
  const answer = await ctx.send({
    method: 'POST',
    url: `/v1/${model.slug}`,
    json: { ...model.input, [property]: true },
  });
  if (!ctx.expectStatus(answer, 200)) return;
  noteCredits(ctx, answer);
  const image = bodyOf<SyncJsonBody>(answer.json).image;
  if (typeof image !== 'string') return; // the schema violation is already recorded
  if (!isPng(Buffer.from(image, 'base64'))) {
    ctx.violation('schema', '`image` does not decode to a PNG', answer);
  }
}

/** The v1 checks. */
export const syncChecks: ContractCheck[] = [...imageChecks, ...base64Checks];
