// The README's commands (`pnpm demo`, `pnpm test`, and the other root scripts) print no turbo
// telemetry notice on a machine that has never run turbo: every root script that runs turbo turns
// its telemetry off itself, as CI does, rather than leaving it to the user's environment.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const NOTICE = /collects completely anonymous telemetry/i;

/** Each `&&`-separated command of the root scripts that runs turbo, with its script's name. */
async function turboCommands(): Promise<[string, string][]> {
  const { scripts } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  return Object.entries(scripts).flatMap(([name, script]) =>
    script
      .split('&&')
      .map((command) => command.trim())
      .filter((command) => /(^|\s)turbo\s/.test(command))
      .map((command) => [name, command] as [string, string]),
  );
}

/**
 * Runs a command as a first-time user's shell would: a fresh home each time (turbo shows its
 * notice once per home, then remembers it was shown), none of the TURBO_* variables of the task that runs this test, and `--dry=json`
 * so that turbo plans the run without building anything.
 */
async function firstRun(command: string): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'segmind-fresh-home-'));
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(TURBO_|DO_NOT_TRACK$|CI$)/.test(key)) env[key] = value;
  }
  try {
    const { stdout, stderr } = await promisify(execFile)(
      '/bin/sh',
      ['-c', `${command} --dry=json`],
      {
        cwd: root,
        // Generous: turbo plans the whole monorepo while other suites share the two cores.
        timeout: 60_000,
        maxBuffer: 64 * 1024 * 1024,
        env: {
          ...env,
          HOME: home,
          XDG_CONFIG_HOME: join(home, '.config'),
          PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
        },
      },
    );
    return `${stdout}\n${stderr}`;
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

describe("the README's commands", () => {
  it('find the notice when telemetry is left on (the check can see it)', async () => {
    expect(await firstRun('turbo run build --filter=@segmind-ts/demo')).toMatch(NOTICE);
  }, 90_000);

  it('turn turbo telemetry off in every root script that runs turbo, pnpm demo and pnpm test included', async () => {
    const commands = await turboCommands();
    expect(commands.map(([name]) => name)).toEqual(expect.arrayContaining(['demo', 'test']));
    for (const [name, command] of commands) {
      expect(command, `the "${name}" script`).toMatch(/^TURBO_TELEMETRY_DISABLED=1 turbo\s/);
      expect(await firstRun(command), `the "${name}" script`).not.toMatch(NOTICE);
    }
  }, 180_000);
});
