// @ts-check
/**
 * The models of the spec as a markdown table, one row per model of the registry (`MODELS` of
 * `@segmind-ts/spec`): the guides show it where they write `<!-- models: table -->`, and the
 * reference's introduction under "Models". No page lists the models by hand, so a model added
 * to the spec is listed everywhere on the next build.
 */
import { imageForms, outputShows, seconds } from './model-words.mjs';

/**
 * @typedef {import('@segmind-ts/spec').ModelFacts} ModelFacts
 */

/**
 * @param {Readonly<Record<string, ModelFacts>>} models
 * @param {string} reference the reference page from where the table is shown: `''` on the
 *   reference itself, `'../index.html'` from a guide
 * @returns {string}
 */
export function modelsTable(models, reference) {
  const rows = Object.values(models).map((facts) => {
    const mask = facts.effects.mask ? `, or its mask (\`${facts.effects.mask}\`)` : '';
    const images = Object.entries(facts.images)
      .map(([property, forms]) => `\`${property}\`: ${imageForms(forms)}`)
      .join('; ');
    return [
      `[${facts.title}](${reference}#tag/${facts.slug}) \`${facts.slug}\``,
      `${outputShows(facts)}${mask}`,
      images,
      `${seconds(facts.typicalQueueMs)} + ${seconds(facts.typicalProcessingMs)}`,
      String(facts.cost),
    ];
  });
  return [
    '| model | output | image input | typical time (queued + processing) | credits per call |',
    '|---|---|---|---|---|',
    ...rows.map((cells) => `| ${cells.map(cell).join(' | ')} |`),
  ].join('\n');
}

/**
 * @param {string} text
 * @returns {string}
 */
const cell = (text) => text.replaceAll('|', '\\|');
