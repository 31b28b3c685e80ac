// The README's options section, written from the option table (`pnpm gen`; `check:gen` and a
// test fail when the README differs from it).
import {
  type CliSpec,
  envName,
  flagName,
  OPTION_NAMES,
  OPTIONS,
  type OptionScope,
} from './table.js';

export const SECTION_START =
  '<!-- options: generated from src/options/table.ts by `pnpm gen`; edit the table, not this section -->';
export const SECTION_END = '<!-- /options -->';

const SCOPES: readonly { scope: OptionScope; title: string }[] = [
  {
    scope: 'simulator',
    title:
      'Taken by `createSegmindMock`, `createSegmindMockCore`, `startMockServer` and `segmind-mock`:',
  },
  { scope: 'server', title: 'Taken by `startMockServer` and `segmind-mock`:' },
  {
    scope: 'command',
    title:
      'Taken by `segmind-mock` alone, beside `--config FILE` (`SEGMIND_MOCK_CONFIG`), a JSON file of any of the settings above keyed by option name:',
  },
];

type Entry = {
  scope: OptionScope;
  doc: string;
  defaultText: string;
  command?: { defaultText: string; why: string };
  cli?: CliSpec<unknown>;
};

const entries = OPTION_NAMES.map((name) => [name, OPTIONS[name] as Entry] as const);

/** A table cell: one line, its pipes escaped. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

function flagCell(name: string, spec: Entry): string {
  if (spec.cli === undefined) return 'from code only';
  const own = `\`--${flagName(name)} ${spec.cli.value}\`, \`${envName(name)}\``;
  const older = spec.cli.alias;
  return older === undefined
    ? own
    : `${own} (also \`--${flagName(older)}\`, \`${envName(older)}\`)`;
}

function defaultCell(spec: Entry): string {
  return spec.command === undefined
    ? spec.defaultText
    : `${spec.defaultText}; \`segmind-mock\`: ${spec.command.defaultText}`;
}

/** A paragraph wrapped at 100 columns, as the README's prose is. */
function wrap(text: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > 100) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line].join('\n');
}

/** A Markdown table with its columns padded, as the README's other tables are. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] as string).length)),
  );
  const line = (row: readonly string[]) =>
    `| ${row.map((text, column) => text.padEnd(widths[column] as number)).join(' | ')} |`;
  return [
    line(header),
    `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`,
    ...rows.map(line),
  ].join('\n');
}

/** The section's body: a table per scope, then where the command's defaults differ, and why. */
export function optionsMarkdown(): string {
  const parts: string[] = [];
  for (const { scope, title } of SCOPES) {
    const rows = entries
      .filter(([, spec]) => spec.scope === scope)
      .map(([name, spec]) => [
        `\`${name}\``,
        cell(flagCell(name, spec)),
        cell(defaultCell(spec)),
        cell(spec.doc),
      ]);
    parts.push(wrap(title), table(['option', 'flag, variable', 'default', 'what it does'], rows));
  }
  const differing = entries.filter(([, spec]) => spec.command !== undefined);
  parts.push(
    wrap(
      `Where \`segmind-mock\` has a default of its own: ${differing
        .map(([name, spec]) => `\`${name}\` (${spec.command?.why})`)
        .join('; ')}.`,
    ),
  );
  return parts.join('\n\n');
}

/**
 * `readme` with its options section (between {@link SECTION_START} and {@link SECTION_END])
 * written anew. @throws Error when the markers are missing.
 */
export function withOptionsSection(readme: string): string {
  const start = readme.indexOf(SECTION_START);
  const end = readme.indexOf(SECTION_END);
  if (start === -1 || end < start) {
    throw new Error(`the README has no options section (${SECTION_START} … ${SECTION_END})`);
  }
  return `${readme.slice(0, start + SECTION_START.length)}\n\n${optionsMarkdown()}\n\n${readme.slice(end)}`;
}
