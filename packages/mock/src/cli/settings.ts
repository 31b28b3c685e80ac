import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';
import { DEFAULTS, FLAGS, type FlagSpec, type SettingName, type Settings } from './flags.js';

/** What the command line asks for: run the server with settings, or print help or the version. */
export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'serve'; settings: Settings; configFile?: string };

/** The config file's own flag and variable, which the file itself cannot set. */
export const CONFIG_FLAG = 'config';
export const CONFIG_ENV = 'SEGMIND_MOCK_CONFIG';

function parseWith(spec: FlagSpec, raw: unknown, source: string): unknown {
  try {
    return spec.parse(raw);
  } catch (error) {
    throw new UsageError(`${source}: ${(error as Error).message}, got ${JSON.stringify(raw)}`);
  }
}

/** A setting's own name first, then its older ones. */
function namesOf(spec: FlagSpec): SettingName[] {
  return [spec, ...spec.aliases];
}

/**
 * The value a setting has at one level (flags, variables or the config file), under whichever of
 * its names it was given, and where it came from. Two names at once are refused: which one wins
 * would be a guess.
 */
function givenOnce<T>(
  names: readonly SettingName[],
  read: (name: SettingName) => T | undefined,
  label: (name: SettingName) => string,
): { value: T; source: string } | undefined {
  const given = names.filter((name) => read(name) !== undefined);
  if (given.length > 1) {
    throw new UsageError(
      `${given.map(label).join(' and ')} are the same setting: give only ${label(names[0] as SettingName)}`,
    );
  }
  const [name] = given;
  return name === undefined ? undefined : { value: read(name) as T, source: label(name) };
}

async function readConfig(file: string): Promise<Record<string, unknown>> {
  let textContent: string;
  try {
    textContent = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read the config file ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(textContent);
  } catch (error) {
    throw new UsageError(`The config file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError(`The config file ${file} must hold a JSON object`);
  }
  const known = new Set(FLAGS.flatMap((spec) => namesOf(spec).map((name) => name.key)));
  const unknown = Object.keys(parsed).filter((key) => !known.has(key) && key !== '$schema');
  if (unknown.length > 0) {
    throw new UsageError(
      `The config file ${file} has unknown key(s) ${unknown.join(', ')}; known keys: ${FLAGS.map((spec) => spec.key).join(', ')}`,
    );
  }
  return parsed as Record<string, unknown>;
}

/**
 * Resolves the settings from the command line, the environment and a JSON config file, in that
 * order of precedence, over the defaults. A path in the config file is relative to the file; on
 * the command line or in the environment, to the working directory. Throws {@link UsageError}
 * with the flag, variable or key at fault.
 */
export async function resolveCommand(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cwd: string = process.cwd(),
): Promise<Command> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        [CONFIG_FLAG]: { type: 'string', short: 'c' },
        ...Object.fromEntries(
          FLAGS.flatMap((spec) =>
            namesOf(spec).map(({ flag }) => [
              flag,
              spec.multiple
                ? { type: 'string' as const, multiple: true }
                : { type: 'string' as const },
            ]),
          ),
        ),
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const configArg = values[CONFIG_FLAG] as string | undefined;
  const configEnv = env[CONFIG_ENV] || undefined;
  const configFile =
    configArg !== undefined || configEnv !== undefined
      ? resolve(cwd, (configArg ?? configEnv) as string)
      : undefined;
  const config = configFile ? await readConfig(configFile) : {};

  const settings: Record<string, unknown> = { ...DEFAULTS };
  for (const spec of FLAGS) {
    const names = namesOf(spec);
    const fromFlag = givenOnce(
      names,
      (name) => values[name.flag] as string | string[] | undefined,
      (name) => `--${name.flag}`,
    );
    const fromEnv = givenOnce(
      names,
      (name) => env[name.env] || undefined,
      (name) => name.env,
    );
    const fromConfig = givenOnce(
      names,
      (name) => config[name.key],
      (name) => `"${name.key}" in ${configFile}`,
    );
    const emptyEnv = names.find((name) => env[name.env] === '');
    if (fromFlag !== undefined) {
      const raw =
        Array.isArray(fromFlag.value) && !spec.multiple ? fromFlag.value.at(-1) : fromFlag.value;
      const value = parseWith(spec, raw, fromFlag.source);
      settings[spec.key] = spec.path ? resolve(cwd, value as string) : value;
    } else if (emptyEnv !== undefined && spec.guards !== undefined) {
      throw new UsageError(
        `${emptyEnv.env} is set but empty, so ${spec.guards}: give it a value or unset it`,
      );
    } else if (fromEnv !== undefined) {
      const value = parseWith(spec, fromEnv.value, fromEnv.source);
      settings[spec.key] = spec.path ? resolve(cwd, value as string) : value;
    } else if (fromConfig !== undefined) {
      const value = parseWith(spec, fromConfig.value, fromConfig.source);
      settings[spec.key] = spec.path
        ? resolve(dirname(configFile as string), value as string)
        : value;
    }
  }
  return {
    kind: 'serve',
    settings: settings as unknown as Settings,
    ...(configFile ? { configFile } : {}),
  };
}
