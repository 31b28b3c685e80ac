// segmind-mock's command line: how settings resolve, what --help says, and the real bin
// started as a process (it runs the built dist/, which turbo builds before the tests).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readyBanner } from '../src/cli/banner.js';
import { FLAGS, helpText, resolveCommand, serverOptions } from '../src/cli/index.js';

const BIN = fileURLToPath(new URL('../bin/segmind-mock.js', import.meta.url));
const DIST_CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'segmind-mock-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function serve(argv: string[], env: Record<string, string> = {}) {
  const command = await resolveCommand(argv, env, dir);
  if (command.kind !== 'serve') throw new Error(`expected serve, got ${command.kind}`);
  return command.settings;
}

describe('settings', () => {
  it('uses the documented defaults', async () => {
    expect(await serve([])).toEqual({
      port: 4010,
      host: '127.0.0.1',
      clock: 'real',
      speed: 1,
      rateLimit: false,
      retentionMs: 3_600_000,
      failureRate: 0,
      logLevel: 'info',
      maxBodyBytes: 20 * 1024 * 1024,
      journalSize: 1000,
      journalBytes: 8 * 1024 * 1024,
      storePrefix: 'segmind-mock',
      storeTimeoutMs: 1000,
      shutdownGraceMs: 2000,
    });
  });

  it('takes a flag over its env twin, the env over the config file, the file over the default', async () => {
    const config = join(dir, 'layers.json');
    await writeFile(config, JSON.stringify({ port: 3000, speed: 3, seed: 3, logLevel: 'debug' }));
    const env = { SEGMIND_MOCK_PORT: '2000', SEGMIND_MOCK_SPEED: '2' };
    const settings = await serve(['--config', config, '--port', '1000'], env);
    expect(settings.port).toBe(1000); // flag
    expect(settings.speed).toBe(2); // env
    expect(settings.seed).toBe(3); // config
    expect(settings.logLevel).toBe('debug'); // config
    expect(settings.host).toBe('127.0.0.1'); // default
  });

  it('finds the config file through SEGMIND_MOCK_CONFIG, and resolves its paths from its folder', async () => {
    const config = join(dir, 'env-config.json');
    await writeFile(config, JSON.stringify({ docsDir: 'site', apiKey: ['a', 'b'] }));
    const settings = await serve([], { SEGMIND_MOCK_CONFIG: config });
    expect(settings.docsDir).toBe(join(dir, 'site'));
    expect(settings.apiKeys).toEqual(['a', 'b']);
  });

  it('reads every setting from flags', async () => {
    const settings = await serve([
      '--port=0',
      '--host',
      '0.0.0.0',
      '--base-url',
      'https://mock.example.test',
      '--clock',
      'virtual',
      '--speed',
      '10',
      '--seed',
      '42',
      '--api-keys',
      'one',
      '--api-keys',
      'two,three',
      '--credits',
      '12.5',
      '--rate-limit',
      'pro',
      '--retention-ms',
      '30m',
      '--failure-rate',
      '0.25',
      '--admin-token',
      'tok',
      '--cors-origin',
      '*',
      '--log-level',
      'silent',
      '--docs-dir',
      'docs',
      '--max-body-bytes',
      '1024',
      '--journal-size',
      '50',
      '--journal-bytes',
      '65536',
      '--store',
      'redis://:secret@127.0.0.1:6380/2',
      '--store-prefix',
      'staging-a',
      '--store-timeout-ms',
      '250',
      '--shutdown-grace-ms',
      '0',
    ]);
    expect(settings).toEqual({
      port: 0,
      host: '0.0.0.0',
      baseUrl: 'https://mock.example.test',
      clock: 'virtual',
      speed: 10,
      seed: 42,
      apiKeys: ['one', 'two', 'three'],
      credits: 12.5,
      rateLimit: 'pro',
      retentionMs: 1_800_000,
      failureRate: 0.25,
      adminToken: 'tok',
      corsOrigin: '*',
      logLevel: 'silent',
      docsDir: join(dir, 'docs'),
      maxBodyBytes: 1024,
      journalSize: 50,
      journalBytes: 65536,
      store: 'redis://:secret@127.0.0.1:6380/2',
      storePrefix: 'staging-a',
      storeTimeoutMs: 250,
      shutdownGraceMs: 0,
    });
    expect(serverOptions(settings)).toMatchObject({
      apiKeys: ['one', 'two', 'three'],
      retentionMs: 1_800_000,
      rateLimit: 'pro',
      adminToken: 'tok',
      store: 'redis://:secret@127.0.0.1:6380/2',
      storePrefix: 'staging-a',
    });
  });

  it('reads every setting from its env twin', async () => {
    const env: Record<string, string> = {
      SEGMIND_MOCK_PORT: '5',
      SEGMIND_MOCK_HOST: '::1',
      SEGMIND_MOCK_BASE_URL: 'http://mock.internal:8080',
      SEGMIND_MOCK_CLOCK: 'virtual',
      SEGMIND_MOCK_SPEED: '4',
      SEGMIND_MOCK_SEED: '9',
      SEGMIND_MOCK_API_KEYS: 'x,y',
      SEGMIND_MOCK_CREDITS: '7',
      SEGMIND_MOCK_RATE_LIMIT: '12',
      SEGMIND_MOCK_RETENTION_MS: '90s',
      SEGMIND_MOCK_FAILURE_RATE: '1',
      SEGMIND_MOCK_ADMIN_TOKEN: 't',
      SEGMIND_MOCK_CORS_ORIGIN: 'http://a.test',
      SEGMIND_MOCK_LOG_LEVEL: 'warn',
      SEGMIND_MOCK_DOCS_DIR: '/srv/docs',
      SEGMIND_MOCK_MAX_BODY_BYTES: '2048',
      SEGMIND_MOCK_JOURNAL_SIZE: '10',
      SEGMIND_MOCK_JOURNAL_BYTES: '4096',
      SEGMIND_MOCK_STORE: 'rediss://cache.internal:6379/0',
      SEGMIND_MOCK_STORE_PREFIX: 'ci',
      SEGMIND_MOCK_STORE_TIMEOUT_MS: '300',
      SEGMIND_MOCK_SHUTDOWN_GRACE_MS: '100',
      SEGMIND_MOCK_TIMINGS_FROM: '/srv/recording.har',
    };
    expect(Object.keys(env).sort()).toEqual(FLAGS.map((spec) => spec.env).sort());
    expect(await serve([], env)).toEqual({
      port: 5,
      host: '::1',
      baseUrl: 'http://mock.internal:8080',
      clock: 'virtual',
      speed: 4,
      seed: 9,
      apiKeys: ['x', 'y'],
      credits: 7,
      rateLimit: 12,
      retentionMs: 90_000,
      failureRate: 1,
      adminToken: 't',
      corsOrigin: 'http://a.test',
      logLevel: 'warn',
      docsDir: '/srv/docs',
      maxBodyBytes: 2048,
      journalSize: 10,
      journalBytes: 4096,
      store: 'rediss://cache.internal:6379/0',
      storePrefix: 'ci',
      storeTimeoutMs: 300,
      shutdownGraceMs: 100,
      timingsFrom: '/srv/recording.har',
    });
  });

  it.each([
    [['--port', '70000'], /--port: expected an integer from 0 to 65535, got "70000"/],
    [['--clock', 'fast'], /--clock: expected one of virtual, auto, real/],
    [['--speed', '0'], /--speed: expected a number above 0/],
    [['--rate-limit', 'lots'], /--rate-limit: expected free, pro, off or a number/],
    [['--retention-ms', 'forever'], /--retention-ms: expected a duration/],
    [['--retention', 'forever'], /--retention: expected a duration/],
    [['--failure-rate', '2'], /--failure-rate: expected a number 0 to 1/],
    [['--store', 'http://127.0.0.1:6379'], /--store: expected memory or a URL such as redis:/],
    [['--store-prefix', 'a:b'], /--store-prefix: expected 1 to 100 letters, digits/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['extra'], /Unexpected argument 'extra'/],
  ])('refuses %j with a message naming it', async (argv, message) => {
    await expect(resolveCommand(argv, {}, dir)).rejects.toThrow(message);
  });

  it('takes the auto clock from the flag, its variable and the config file', async () => {
    expect((await serve(['--clock', 'auto'])).clock).toBe('auto');
    expect((await serve([], { SEGMIND_MOCK_CLOCK: 'auto' })).clock).toBe('auto');
    const config = join(dir, 'auto.json');
    await writeFile(config, JSON.stringify({ clock: 'auto' }));
    const settings = await serve(['--config', config]);
    expect(serverOptions(settings).clock).toBe('auto');
  });

  it.each([
    [
      'SEGMIND_MOCK_ADMIN_TOKEN',
      /SEGMIND_MOCK_ADMIN_TOKEN is set but empty, so the control API would need no token/,
    ],
    [
      'SEGMIND_MOCK_API_KEY',
      /SEGMIND_MOCK_API_KEY is set but empty, so any non-empty key would be accepted/,
    ],
  ])('refuses %s set but empty rather than leave the mock open', async (name, message) => {
    await expect(resolveCommand([], { [name]: '' }, dir)).rejects.toThrow(message);
    // Other settings still read an empty variable as unset.
    expect((await serve([], { SEGMIND_MOCK_PORT: '' })).port).toBe(4010);
  });

  it('names the variable or the config key at fault', async () => {
    await expect(resolveCommand([], { SEGMIND_MOCK_PORT: 'x' }, dir)).rejects.toThrow(
      /SEGMIND_MOCK_PORT/,
    );
    const config = join(dir, 'bad.json');
    await writeFile(config, JSON.stringify({ port: 'x' }));
    await expect(resolveCommand(['--config', config], {}, dir)).rejects.toThrow(
      /"port" in .*bad\.json/,
    );
    await writeFile(config, JSON.stringify({ prot: 1 }));
    await expect(resolveCommand(['--config', config], {}, dir)).rejects.toThrow(
      /unknown key\(s\) prot/,
    );
    await writeFile(config, '{ port: 1');
    await expect(resolveCommand(['--config', config], {}, dir)).rejects.toThrow(/not valid JSON/);
    await expect(resolveCommand(['--config', join(dir, 'none.json')], {}, dir)).rejects.toThrow(
      /Cannot read the config file/,
    );
  });
});

describe('the ready banner', () => {
  it('names a Redis store and its prefix, without the password', async () => {
    const settings = await serve(['--store', 'redis://:secret@10.0.0.5:6379/1']);
    const banner = readyBanner('http://127.0.0.1:4010', settings, '1.0.0');
    expect(banner).toContain('state: redis://:***@10.0.0.5:6379/1, prefix segmind-mock');
    expect(banner).not.toContain('secret');
    expect(readyBanner('http://127.0.0.1:4010', await serve([]), '1.0.0')).not.toContain('state:');
  });
});

describe('--help', () => {
  it('documents every flag, its env twin, --config and the control API', () => {
    const help = helpText();
    for (const spec of FLAGS) {
      expect(help).toContain(`--${spec.flag} ${spec.value}`);
      expect(help).toContain(spec.env);
    }
    expect(help).toContain('--config FILE');
    expect(help).toContain('SEGMIND_MOCK_CONFIG');
    for (const route of [
      'health',
      'reset',
      'clock/advance',
      'jobs',
      'requests',
      'outcomes',
      'faults',
    ]) {
      expect(help).toContain(`/__mock/${route}`);
    }
  });
});

// Each test starts node processes: allow for a loaded machine (turbo runs packages in parallel).
describe('the segmind-mock bin', { timeout: 60_000 }, () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  beforeAll(() => {
    if (!existsSync(DIST_CLI)) throw new Error(`${DIST_CLI} is missing: build the package first`);
  });

  function run(args: string[], env: Record<string, string> = {}) {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    const output = () => ({ stdout, stderr });
    const waitFor = async (pattern: RegExp) => {
      // Up to 50 s for the output: a bound for a broken bin, generous for a loaded machine.
      for (let i = 0; i < 2000; i++) {
        const match = pattern.exec(stdout);
        if (match) return match;
        if (child.exitCode !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`no ${pattern} in output: ${stdout}\n${stderr}`);
    };
    return { child, exited, output, waitFor };
  }

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'starts, prints its URL and paste-ready examples, serves, and exits 0 on %s',
    async (signal) => {
      const cli = run(['--port', '0', '--clock', 'virtual'], { SEGMIND_MOCK_API_KEY: 'env-key' });
      const [, url] = await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      const { stdout } = cli.output();
      expect(stdout).toContain(
        `curl -s -X POST ${url}/v2/background-eraser -H 'x-api-key: <api-key>'`,
      );
      expect(stdout).toContain(`new Segmind({ apiKey: '<api-key>', baseUrl: '${url}' })`);
      expect(stdout).toContain(`base_url="${url}/v1"`);
      // The built server finds the console's files in the package and serves them.
      expect(stdout).toContain(`console: ${url}/__mock/console`);
      const page = await fetch(`${url}/__mock/console`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>segmind-mock console</title>');
      expect(stdout).not.toContain('env-key');

      const submit = await fetch(`${url}/v2/background-eraser`, {
        method: 'POST',
        headers: { 'x-api-key': 'env-key', 'content-type': 'application/json' },
        body: JSON.stringify({ image: 'https://example.com/a.png', return_mask: false }),
      });
      expect(submit.status).toBe(200);
      expect(
        (await fetch(`${url}/v2/requests/x/status`, { headers: { 'x-api-key': 'no' } })).status,
      ).toBe(401);

      cli.child.kill(signal);
      expect(await cli.exited).toBe(0);
      expect(cli.output().stdout).toContain('segmind-mock stopped');
      await expect(fetch(`${url}/__mock/health`)).rejects.toThrow();
    },
  );

  it('prints its own process id, and SIGTERM to that id frees the port', async () => {
    const cli = run(['--port', '0']);
    const [, url] = await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const [, pid] = await cli.waitFor(/kill (\d+) \(this server's process id\)/);
    expect(Number(pid)).toBe(cli.child.pid);
    process.kill(Number(pid), 'SIGTERM');
    const code = await cli.exited;
    expect(code, JSON.stringify(cli.output())).toBe(0);
    await expect(fetch(`${url}/__mock/health`)).rejects.toThrow();
  });

  it('with --clock auto, serves polling clients to the end with nobody advancing the clock', async () => {
    const cli = run(['--port', '0', '--clock', 'auto', '--log-level', 'warn']);
    const [, url] = await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    expect(cli.output().stdout).toContain('clock: auto');
    const headers = { 'x-api-key': 'k', 'content-type': 'application/json' };
    for (const [model, input] of [
      ['background-eraser', { image: 'https://example.com/a.png', return_mask: false }],
      ['bria-erase-foreground', { image: 'https://example.com/a.jpg' }],
    ] as const) {
      const submitted = await fetch(`${url}/v2/${model}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(input),
      }).then((r) => r.json());
      const seen: string[] = [];
      // The client's first polls come at once and 250 ms later; two must be enough.
      for (let poll = 0; poll < 2; poll++) {
        seen.push((await fetch(submitted.status_url, { headers }).then((r) => r.json())).status);
      }
      expect(seen, model).toEqual(['PROCESSING', 'COMPLETED']);
      const result = await fetch(submitted.response_url, { headers });
      expect(result.status).toBe(200);
      const output = await fetch((await result.json()).output);
      expect(output.headers.get('content-type')).toBe('image/png');
    }
    const clock = await fetch(`${url}/__mock/clock`).then((r) => r.json());
    expect(clock).toMatchObject({ mode: 'auto', speed: 1 });
    const advanced = await fetch(`${url}/__mock/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ms: 1_000 }),
    });
    expect(await advanced.json()).toMatchObject({ mode: 'auto', now: clock.now + 1_000 });
    expect(cli.output().stderr).toBe(''); // no stalled-clock hint on an auto clock
  });

  it('logs each request at the info level', async () => {
    const cli = run(['--port', '0', '--log-level', 'info']);
    const [, url] = await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    await fetch(`${url}/__mock/health`);
    cli.child.kill('SIGTERM');
    await cli.exited;
    expect(cli.output().stderr).toMatch(/GET \/__mock\/health → 200/);
  });

  it('never prints the configured API keys nor the admin token', async () => {
    const cli = run(['--port', '0', '--api-key', 'sk-live-1234', '--admin-token', 'adm1n-s3cret']);
    await cli.waitFor(/Press Ctrl\+C/);
    const { stdout } = cli.output();
    expect(stdout).not.toContain('sk-live-1234');
    expect(stdout).not.toContain('adm1n-s3cret');
    expect(stdout).toContain('keys: 1 configured (not shown)');
    expect(stdout).toContain("-H 'authorization: Bearer <admin-token>'");
  });

  it('exits 2 with a clear error when SEGMIND_MOCK_ADMIN_TOKEN is set but empty', async () => {
    const cli = run(['--port', '0'], { SEGMIND_MOCK_ADMIN_TOKEN: '' });
    expect(await cli.exited).toBe(2);
    expect(cli.output().stderr).toContain('SEGMIND_MOCK_ADMIN_TOKEN is set but empty');
    expect(cli.output().stdout).not.toContain('listening on');
  });

  it('exits 0 on SIGTERM when its standard output is closed (EPIPE is ignored)', async () => {
    const cli = run(['--port', '0']);
    await cli.waitFor(/Press Ctrl\+C/);
    // Whatever read the output is gone: the stop message then meets a broken pipe.
    cli.child.stdout?.destroy();
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.output().stderr).not.toContain('EPIPE');
  });

  it('prints the help and exits 0', async () => {
    const cli = run(['--help']);
    expect(await cli.exited).toBe(0);
    expect(cli.output().stdout).toContain('Usage: segmind-mock [options]');
  });

  it('prints the package version', async () => {
    const { version } = JSON.parse(
      readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
    );
    const cli = run(['--version']);
    expect(await cli.exited).toBe(0);
    expect(cli.output().stdout).toBe(`${version}\n`);
  });

  it('exits 2 on a bad flag, saying why', async () => {
    const cli = run(['--rate-limit', 'lots']);
    expect(await cli.exited).toBe(2);
    expect(cli.output().stderr).toContain('--rate-limit: expected free, pro, off or a number');
  });

  it('exits 1 when the port is taken', async () => {
    const first = run(['--port', '0']);
    const [, port] = await first.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
    const second = run(['--port', port as string]);
    expect(await second.exited).toBe(1);
    expect(second.output().stderr).toContain('already in use');
  });

  it('keeps serving the API when the docs folder is missing', async () => {
    const cli = run(['--port', '0', '--docs-dir', join(dir, 'not-built')]);
    await cli.waitFor(/listening on/);
    expect(cli.output().stderr).toContain('/docs is off');
  });
});

// `npx segmind-mock` and `pnpm start` run the server under a shell the package manager starts;
// killing the package manager's PID must stop the server too, not leave it holding the port.
describe('started by a package manager', { timeout: 60_000 }, () => {
  let project: string;
  const servers: number[] = [];
  const managers: ChildProcess[] = [];

  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'segmind-mock-pm-'));
    await mkdir(join(project, 'node_modules', '.bin'), { recursive: true });
    await symlink(BIN, join(project, 'node_modules', '.bin', 'segmind-mock'));
    // The shape of this repository's `pnpm start`: a build step, then the server, in one shell.
    await writeFile(
      join(project, 'package.json'),
      JSON.stringify({
        name: 'pm-project',
        private: true,
        scripts: { start: `true && node ${JSON.stringify(BIN)} --port 0` },
      }),
    );
  });
  afterEach(() => {
    // Each package manager runs in a process group of its own (detached), so whatever it
    // started, shell and server included, goes with it even when a test fails half-way.
    for (const child of managers.splice(0)) {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // the group has already exited
      }
    }
    for (const pid of servers.splice(0)) {
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  });
  afterAll(() => rm(project, { recursive: true, force: true }));

  function alive(pid: number): boolean {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  async function portFree(url: string): Promise<boolean> {
    try {
      await fetch(`${url}/__mock/health`, { signal: AbortSignal.timeout(2_000) });
      return false;
    } catch {
      return true;
    }
  }

  it.each([
    ['npx segmind-mock', 'npm', ['exec', '--offline', '--', 'segmind-mock', '--port', '0']],
    ['pnpm start', 'pnpm', ['start']],
  ])('%s: killing the package manager by its PID stops the server', async (_, command, args) => {
    const manager = spawn(command, args, {
      cwd: project,
      env: { ...process.env, npm_config_update_notifier: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    managers.push(manager);
    let stdout = '';
    manager.stdout?.on('data', (chunk) => {
      stdout += chunk;
    });
    manager.stderr?.resume();
    let match: RegExpExecArray | null = null;
    // Generous: a package manager takes a second or two to start on a loaded machine.
    for (let i = 0; i < 1200 && !match; i++) {
      match = /listening on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*kill (\d+) /.exec(stdout);
      if (!match) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    if (!match) throw new Error(`no banner from ${command}: ${stdout}`);
    const [, url, pid] = match as unknown as [string, string, string];
    servers.push(Number(pid));
    expect(Number(pid)).not.toBe(manager.pid); // the server is its own process, under a shell
    expect(await (await fetch(`${url}/__mock/health`)).json()).toEqual({ ok: true });

    manager.kill('SIGTERM');
    // The server notices within about half a second; allow for a loaded machine.
    for (let i = 0; i < 150 && alive(Number(pid)); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(alive(Number(pid))).toBe(false);
    expect(await portFree(url)).toBe(true);
  });
});
