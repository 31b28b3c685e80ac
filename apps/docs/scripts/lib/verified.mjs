// @ts-check
/**
 * The page "What is verified", written at build time from the spec's own extensions (`x-source`,
 * `x-unverified`, `x-confirm-by`, `x-behaviours`, `info.x-sources`) through the contract kit's
 * reading of them, so that it can never disagree with the spec: every source, every assumption
 * with what would confirm it, and the documented facts by source.
 */
import { listSpecFacts, listSpecSources } from '@segmind-ts/contract';

/** The page, as the navigation lists it (its file is `guides/verified.html`). */
export const VERIFIED_PAGE = Object.freeze({
  slug: 'verified',
  title: 'What is verified',
  summary: 'where each fact of the spec comes from, every assumption, and how to confirm it.',
});

/**
 * @param {string} text
 * @returns {string}
 */
const cell = (text) => text.replaceAll('|', '\\|').replace(/\s*\n\s*/g, ' ');

/**
 * @param {string[]} sources
 * @returns {string}
 */
const sourceList = (sources) => sources.map((source) => `\`${source}\``).join(', ');

/**
 * The page's markdown.
 *
 * @param {any} spec the bundled OpenAPI document
 * @returns {string}
 */
export function verifiedMarkdown(spec) {
  const facts = listSpecFacts(spec);
  const sources = listSpecSources(spec);
  const assumptions = facts.filter((fact) => fact.assumption);
  const documented = facts.filter((fact) => !fact.assumption);
  const lines = [
    `# ${VERIFIED_PAGE.title}`,
    '',
    `segmind-ts describes Segmind's API from public sources. Every fact of its spec (each`,
    'operation, response, header, schema and property, and each rule no schema states) names',
    'where it comes from in the extension `x-source`. This page is generated from the spec when',
    `the docs are built: ${facts.length} facts, ${documented.length} of them from Segmind's`,
    `pages, its documentation or its SDK, and ${assumptions.length} assumptions, each with what`,
    'would confirm it.',
    '',
    '## Sources',
    '',
    '| source | what it is | facts |',
    '|---|---|---|',
    ...sources.map((source) => {
      const count = facts.filter((fact) => fact.sources.includes(source.id)).length;
      // The address as text, not a link: the docs link to nothing off their own origin.
      const title = source.url ? `${cell(source.title)}, \`${source.url}\`` : cell(source.title);
      return `| \`${source.id}\` | ${title} | ${count} |`;
    }),
    '',
    `## Assumptions (${assumptions.length})`,
    '',
    'What the toolkit assumes about the real service: the points Segmind does not document, or',
    'documents only in part, and those seen only in third-party code that calls it. The spec',
    'flags each one (`x-unverified: true`, or `x-source: assumption` / `third-party`), and the mock',
    'models it where that is harmless. `segmind-contract judge` reports one a recording contradicts',
    'without failing: the spec, not the service, is then what must change.',
    '',
    '| where | what is assumed | source | what would confirm it |',
    '|---|---|---|---|',
    ...assumptions.map(
      (fact) =>
        `| \`${cell(fact.where)}\` | ${cell(fact.statement || '(see the spec)')} | ${sourceList(fact.sources)} | ${cell(fact.confirmBy ?? '')} |`,
    ),
    '',
    '## Confirming them against the real API',
    '',
    'A few minutes and a few credits with a real key: record what your own client does through',
    'the recording proxy, then let the judge weigh every assumption above against it.',
    '',
    '```sh',
    '# forwards to Segmind, writes a HAR 1.2 file without the key, stops after 40 requests',
    'npx segmind-mock record --upstream https://api.segmind.com --out segmind.har --max-requests 40',
    '# point your client at http://127.0.0.1:4020, run a few jobs of each model, then:',
    'npx segmind-contract judge segmind.har   # violations, and each assumption confirmed or not',
    'npx segmind-mock --timings-from segmind.har   # the mock on the queue and run times you saw',
    '```',
    '',
    "The judge uses the contract kit's validator and lifecycle rules, exits 1 when an answer",
    'breaks a documented fact, and prints each assumption as CONFIRMED, CONTRADICTED (with the',
    'answer that shows it) or NOT EXERCISED (with what would exercise it).',
    '',
    `## Documented facts (${documented.length})`,
    '',
    ...sources
      .filter((source) => source.id !== 'assumption' && source.id !== 'third-party')
      .flatMap((source) => {
        const from = documented.filter((fact) => fact.sources.includes(source.id));
        if (from.length === 0) return [];
        return [`### \`${source.id}\``, '', from.map((fact) => `\`${fact.where}\``).join(', '), ''];
      }),
  ];
  return `${lines.join('\n')}\n`;
}
