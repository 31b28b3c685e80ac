import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';
import { DEFAULTS, FLAGS, type FlagSpec, type Settings } from './flags.js';

/** What the command line asks for: run the server with settings, or print help or the version. */
export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'serve'; settings: Settings; configFile?: string };

/** The config file's own flag and variable, which the file itself cannot set. */
export const CONFIG_FLAG = 'config';
export const CONFIG_ENV = 'SEGMIND_MOCK_CONFIG';

function parseWith(spec: FlagSpec, raw: unknown, source: string): Settings[keyof Settings] {
  try {
    return spec.parse(raw);
  } catch (error) {
    throw new UsageError(`${source}: ${(error as Error).message}, got ${JSON.stringify(raw)}`);
  }
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
  const known = new Set(FLAGS.map((spec) => spec.key as string));
  const unknown = Object.keys(parsed).filter((key) => !known.has(key) && key !== '$schema');
  if (unknown.length > 0) {
    throw new UsageError(
      `The config file ${file} has unknown key(s) ${unknown.join(', ')}; known keys: ${[...known].join(', ')}`,
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
          FLAGS.map((spec) => [
            spec.flag,
            spec.multiple
              ? { type: 'string' as const, multiple: true }
              : { type: 'string' as const },
          ]),
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
    const fromFlag = values[spec.flag] as string | string[] | undefined;
    const fromEnv = env[spec.env];
    const fromConfig = config[spec.key];
    if (fromFlag !== undefined) {
      const raw = Array.isArray(fromFlag) && !spec.multiple ? fromFlag.at(-1) : fromFlag;
      const value = parseWith(spec, raw, `--${spec.flag}`);
      settings[spec.key] = spec.path ? resolve(cwd, value as string) : value;
    } else if (fromEnv === '' && spec.guards !== undefined) {
      throw new UsageError(
        `${spec.env} is set but empty, so ${spec.guards}: give it a value or unset it`,
      );
    } else if (fromEnv !== undefined && fromEnv !== '') {
      const value = parseWith(spec, fromEnv, spec.env);
      settings[spec.key] = spec.path ? resolve(cwd, value as string) : value;
    } else if (fromConfig !== undefined) {
      const value = parseWith(spec, fromConfig, `"${spec.key}" in ${configFile}`);
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
