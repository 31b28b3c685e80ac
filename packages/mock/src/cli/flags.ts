// The command's view of the option table: each option the command line can give, with its flag,
// its variable, its older names and the command's default.
import { type CliSpec, envName, flagName, OPTION_NAMES, OPTIONS } from '../options/table.js';

type Table = typeof OPTIONS;
type CliName = { [K in keyof Table]: Table[K] extends { cli: object } ? K : never }[keyof Table];
type Parsed<K extends CliName> = Table[K] extends { cli: { parse(raw: unknown): infer T } }
  ? T
  : never;
type Defaulted = {
  [K in CliName]: Table[K] extends { default: unknown } | { command: unknown } ? K : never;
}[CliName];

/** Every setting of `segmind-mock`, typed, after the defaults are applied. */
export type Settings = { [K in Defaulted]: Parsed<K> } & {
  [K in Exclude<CliName, Defaulted>]?: Parsed<K>;
};

/** One name a setting is read under: flag (without dashes), variable and config file key. */
export interface SettingName {
  flag: string;
  env: string;
  key: string;
}

/** One setting of the command line. */
export interface FlagSpec extends SettingName, CliSpec<unknown> {
  /** The option's name: the {@link Settings} key. */
  name: CliName;
  /** Older names, still read. */
  aliases: SettingName[];
  /** The command's default as the help states it. */
  defaultText: string;
  /** One line: what it does. */
  doc: string;
}

function namesOf(name: string): SettingName {
  return { flag: flagName(name), env: envName(name), key: name };
}

/** The settings, in the order the help lists them. */
export const FLAGS: readonly FlagSpec[] = OPTION_NAMES.flatMap((name) => {
  const spec = OPTIONS[name] as (typeof OPTIONS)[typeof name] & {
    cli?: CliSpec<unknown>;
    command?: { defaultText: string };
  };
  if (spec.cli === undefined) return [];
  return [
    {
      ...spec.cli,
      ...namesOf(name),
      name: name as CliName,
      aliases: spec.cli.alias === undefined ? [] : [namesOf(spec.cli.alias)],
      defaultText: spec.command?.defaultText ?? spec.defaultText,
      doc: spec.doc,
    },
  ];
});

/** The command's defaults: the table's, or the command's own where an entry gives one. */
export const DEFAULTS = Object.fromEntries(
  FLAGS.flatMap(({ name }) => {
    const spec = OPTIONS[name] as { default?: unknown; command?: { default: unknown } };
    if (spec.command !== undefined) return [[name, spec.command.default]];
    return 'default' in spec ? [[name, spec.default]] : [];
  }),
) as Settings;
