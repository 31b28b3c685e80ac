// A TypeScript file that uses the client for the third model: calls its types must accept, and
// calls they must reject, each of the latter behind `@ts-expect-error` (an unused one is an error,
// so a call the types let through fails the compilation on that line).

import type { Diagnostic } from './consumer-project.js';
import { THIRD_MODEL } from './third-model.js';

/** A call of the probe: what it shows, and its statements. */
interface ProbeCase {
  label: string;
  lines: string[];
}

const { slug, typo } = THIRD_MODEL;

/** Calls with the right inputs, whose results are typed as the model's. */
const ACCEPTED: ProbeCase[] = [
  {
    label: `run('${slug}', { image: <URL> }) answers a typed COMPLETED result with a string output`,
    lines: [
      `const result = await segmind.run('${slug}', { image: url });`,
      `const status: 'COMPLETED' = result.status;`,
      'const output: string = result.output;',
      'void status, output;',
    ],
  },
  {
    label: `submitAsync('${slug}', every parameter) returns a job whose wait() is typed`,
    lines: [
      `const job = await segmind.submitAsync('${slug}', { image: url, preserve_alpha: false, content_moderation: true });`,
      'const done = await job.wait();',
      'const doneOutput: string = done.output;',
      'void doneOutput;',
    ],
  },
  {
    label: `runSync('${slug}', { image: <base64 data URI> }) answers the image bytes`,
    lines: [
      `const sync = await segmind.runSync('${slug}', { image: 'data:image/png;base64,iVBORw0KGgo=' });`,
      'const bytes: Uint8Array = sync.image;',
      'const contentType: string = sync.contentType;',
      'void bytes, contentType;',
    ],
  },
];

/** Calls with a wrong input or a mistyped slug: each must be a compile error. */
const REJECTED: ProbeCase[] = [
  {
    label: 'run() without the required image',
    lines: [`await segmind.run('${slug}', { preserve_alpha: true });`],
  },
  {
    label: "run() with preserve_alpha: 'yes' (not a boolean)",
    lines: [`await segmind.run('${slug}', { image: url, preserve_alpha: 'yes' });`],
  },
  {
    label: 'run() with a property the model does not have',
    lines: [`await segmind.run('${slug}', { image: url, not_a_parameter: true });`],
  },
  {
    label: `run('${typo}', ...), a typo of the slug`,
    lines: [`await segmind.run('${typo}', { image: url });`],
  },
  {
    label: "submitAsync() with content_moderation: 'no' (not a boolean)",
    lines: [`await segmind.submitAsync('${slug}', { image: url, content_moderation: 'no' });`],
  },
  {
    label: 'runSync() without the required image',
    lines: [`await segmind.runSync('${slug}', {});`],
  },
  {
    label: `runSync('${typo}', ...), a typo of the slug`,
    lines: [`await segmind.runSync('${typo}', { image: url });`],
  },
];

/** The probe's source, and the lines each case spans (1-based, the directive's line for a rejection). */
export interface TypeProbe {
  source: string;
  cases: { label: string; expect: 'accepted' | 'rejected'; from: number; to: number }[];
}

export function typeProbe(): TypeProbe {
  const lines = [
    "import { Segmind } from '@segmind-ts/client';",
    '',
    "const segmind = new Segmind({ apiKey: 'probe-key', baseUrl: 'http://127.0.0.1:9' });",
    "const url = 'https://example.com/cat.png';",
    '',
    'export async function accepted(): Promise<void> {',
  ];
  const cases: TypeProbe['cases'] = [];
  for (const { label, lines: body } of ACCEPTED) {
    lines.push(`  // ${label}`, '  {');
    const from = lines.length + 1;
    lines.push(...body.map((line) => `    ${line}`));
    cases.push({ label, expect: 'accepted', from, to: lines.length });
    lines.push('  }');
  }
  lines.push('}', '', 'export async function rejected(): Promise<void> {');
  for (const { label, lines: body } of REJECTED) {
    lines.push(`  // @ts-expect-error ${label}`);
    const from = lines.length;
    lines.push(...body.map((line) => `  ${line}`));
    cases.push({ label, expect: 'rejected', from, to: lines.length });
  }
  lines.push('}', '');
  return { source: lines.join('\n'), cases };
}

/**
 * What is wrong, in words, given the diagnostics of the probe file: an accepted call with an
 * error, a rejected call whose directive went unused, and any other error.
 */
export function probeProblems(probe: TypeProbe, diagnostics: readonly Diagnostic[]): string[] {
  const problems: string[] = [];
  const claimed = new Set<Diagnostic>();
  for (const probeCase of probe.cases) {
    const inside = diagnostics.filter((d) => d.line >= probeCase.from && d.line <= probeCase.to);
    for (const diagnostic of inside) claimed.add(diagnostic);
    if (probeCase.expect === 'accepted' && inside.length > 0) {
      problems.push(
        `the client's types do not accept: ${probeCase.label}\n${inside.map((d) => `  line ${d.line}: ${d.text}`).join('\n')}`,
      );
    }
    if (probeCase.expect === 'rejected' && inside.some((d) => d.text.includes('TS2578'))) {
      problems.push(`the client's types do not reject: ${probeCase.label} (it compiles)`);
    }
  }
  for (const diagnostic of diagnostics) {
    if (!claimed.has(diagnostic)) problems.push(`line ${diagnostic.line}: ${diagnostic.text}`);
  }
  return problems;
}
