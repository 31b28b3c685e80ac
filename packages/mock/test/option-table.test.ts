// One option table: the library's options (createSegmindMock, startMockServer), the flags and the
// SEGMIND_MOCK_* variables of segmind-mock, their defaults, --help and the README all come from
// src/options/table.ts, under the same names.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLAGS, type FlagSpec, helpText, resolveCommand } from '../src/cli/index.js';
import { createSegmindMockCore } from '../src/core.js';
import { withOptionsSection } from '../src/options/markdown.js';
import { OPTION_NAMES, OPTIONS } from '../src/options/table.js';
import { startMockServer } from '../src/server/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');

type Entry = {
  scope: string;
  default?: unknown;
  command?: { default: unknown; why: string };
  cli?: { parse(raw: unknown): unknown; example: string; path?: boolean };
};
const entry = (name: string) => OPTIONS[name as keyof typeof OPTIONS] as Entry;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'segmind-mock-options-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function settingsOf(argv: string[], env: Record<string, string> = {}) {
  const command = await resolveCommand(argv, env, dir);
  if (command.kind !== 'serve') throw new Error(`expected serve, got ${command.kind}`);
  return command.settings as Record<string, unknown>;
}

/** What the command makes of a flag's example value. */
function expected(spec: FlagSpec): unknown {
  const value = spec.parse(spec.example);
  return spec.path ? resolve(dir, value as string) : value;
}

let program: ts.Program | undefined;

/** The property names of an exported interface, inherited ones included. */
function propertiesOf(file: string, name: string): string[] {
  // One program for both interfaces: building one takes seconds.
  program ??= ts.createProgram([`${root}src/core/options.ts`, `${root}src/server/start.ts`], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(`${root}${file}`) as ts.SourceFile;
  const symbol = checker
    .getExportsOfModule(checker.getSymbolAtLocation(source) as ts.Symbol)
    .find((exported) => exported.name === name) as ts.Symbol;
  return checker
    .getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol))
    .map((property) => property.name)
    .sort();
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

describe('the option table', () => {
  it('has one entry per option of createSegmindMock and startMockServer, and the command’s own', () => {
    const simulator = propertiesOf('src/core/options.ts', 'SegmindMockOptions');
    const server = propertiesOf('src/server/start.ts', 'MockServerOptions');
    const ofScope = (scope: string) =>
      OPTION_NAMES.filter((name) => entry(name).scope === scope).sort();
    expect(ofScope('simulator')).toEqual(simulator);
    expect(ofScope('server')).toEqual(server.filter((name) => !simulator.includes(name)));
    expect(ofScope('command')).toEqual(['timingsFrom']);
  });

  it('names each flag and variable after its library option', () => {
    for (const spec of FLAGS) {
      expect(spec.flag).toBe(kebab(spec.name));
      expect(spec.env).toBe(`SEGMIND_MOCK_${kebab(spec.name).toUpperCase().replaceAll('-', '_')}`);
      expect(spec.key).toBe(spec.name);
    }
    // The two whose flags once had names of their own.
    expect(helpText()).toContain('--retention-ms DURATION');
    expect(helpText()).toContain('--api-keys KEY');
  });

  it('gives every option that a string can give a flag', () => {
    const fromCodeOnly = OPTION_NAMES.filter((name) => entry(name).cli === undefined);
    // Objects and functions: per-model tables, a logger, a log sink.
    expect(fromCodeOnly.sort()).toEqual(['costs', 'logSink', 'logger', 'timings']);
  });
});

describe('defaults', () => {
  it('are the same for the command as for the library, but where the table says why', async () => {
    const settings = await settingsOf([]);
    const ownDefaults: string[] = [];
    for (const spec of FLAGS) {
      const { default: libraryDefault, command } = entry(spec.name);
      if (command !== undefined) {
        ownDefaults.push(spec.name);
        expect(command.why.length, spec.name).toBeGreaterThan(20);
        expect(settings[spec.name], spec.name).toEqual(command.default);
      } else {
        expect(settings[spec.name], spec.name).toEqual(libraryDefault);
      }
    }
    expect(ownDefaults.sort()).toEqual(['clock', 'logLevel', 'port']);
  });

  it('are what createSegmindMockCore applies', async () => {
    const mock = createSegmindMockCore();
    expect(mock.clock.mode).toBe(entry('clock').default);
    expect(mock.clock.speed).toBe(entry('speed').default);
    // The journal keeps `journalSize` entries: one more pushes the first out.
    const size = entry('journalSize').default as number;
    for (let i = 0; i <= size; i++) {
      await mock.handle(new Request(`https://api.segmind.com/v2/requests/r${i}/status`));
    }
    expect(mock.requests).toHaveLength(size);
    expect(mock.requests[0]?.url).toContain('/r1/');
  });

  it('are what startMockServer applies', async () => {
    const lines: string[] = [];
    const server = await startMockServer({ logSink: (_level, message) => lines.push(message) });
    try {
      expect(entry('port').default).toBe(0);
      expect(server.port).toBeGreaterThan(0); // 0: a free port
      expect(server.url).toBe(`http://${entry('host').default}:${server.port}`);
      await fetch(`${server.url}/__mock/health`);
      // At `warn`, a request is not logged (at `info`, the command's default, it is).
      expect(entry('logLevel').default).toBe('warn');
      expect(lines).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('--help', () => {
  it('lists every flag, its variable, its older names and the command’s default', () => {
    const help = helpText().replace(/\s+/g, ' '); // as one line: the help wraps its text
    for (const spec of FLAGS) {
      expect(help).toContain(`--${spec.flag} ${spec.value}`);
      expect(help).toContain(`env ${spec.env}`);
      expect(help).toContain(`[default: ${spec.defaultText}]`);
      for (const alias of spec.aliases) expect(help).toContain(`--${alias.flag}, ${alias.env}`);
    }
  });
});

describe('the command line', () => {
  it('reads every variable that the README and --help name', async () => {
    const named = new Set(
      [...`${readme}\n${helpText()}`.matchAll(/SEGMIND_MOCK_[A-Z_]+/g)].map(([name]) => name),
    );
    named.delete('SEGMIND_MOCK_CONFIG'); // the config file's own, read before the settings
    expect(named.size).toBeGreaterThan(20);
    for (const variable of named) {
      const spec = FLAGS.find(
        (flag) => flag.env === variable || flag.aliases.some((alias) => alias.env === variable),
      );
      expect(spec, `${variable} is read by no setting`).toBeDefined();
      const settings = await settingsOf([], { [variable]: (spec as FlagSpec).example });
      expect(settings[(spec as FlagSpec).name], variable).toEqual(expected(spec as FlagSpec));
    }
  });

  it('reads a flag, its variable and its config key alike, under older names too', async () => {
    for (const spec of FLAGS) {
      for (const name of [spec, ...spec.aliases]) {
        const value = expected(spec);
        expect((await settingsOf([`--${name.flag}`, spec.example]))[spec.name]).toEqual(value);
        expect((await settingsOf([], { [name.env]: spec.example }))[spec.name]).toEqual(value);
        const config = join(dir, `${name.key}.json`);
        await writeFile(config, JSON.stringify({ [name.key]: spec.example }));
        // A path in a config file is relative to the file: here, the same folder.
        expect((await settingsOf(['--config', config]))[spec.name]).toEqual(value);
      }
    }
  });

  it('refuses one setting given under two names', async () => {
    await expect(
      resolveCommand(['--retention', '1h', '--retention-ms', '2h'], {}, dir),
    ).rejects.toThrow(
      /--retention-ms and --retention are the same setting: give only --retention-ms/,
    );
    await expect(
      resolveCommand([], { SEGMIND_MOCK_API_KEY: 'a', SEGMIND_MOCK_API_KEYS: 'b' }, dir),
    ).rejects.toThrow(/SEGMIND_MOCK_API_KEYS and SEGMIND_MOCK_API_KEY are the same setting/);
  });
});

describe('the README', () => {
  it('lists the options as the table has them (pnpm gen)', () => {
    expect(withOptionsSection(readme)).toBe(readme);
  });
});
