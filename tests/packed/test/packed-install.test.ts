/**
 * What a team gets from the registry. Every publishable package is packed with `pnpm pack` and
 * the tarballs are installed with npm into a new project under os.tmpdir(), outside the
 * workspace, where workspace links cannot hide a missing file, a `workspace:` leftover, an
 * unpublished dependency or a CommonJS interop bug. There, one test per step:
 * type-check an app that uses every public entry point (strict, NodeNext), run it as ESM and as
 * CommonJS against the packed `segmind-mock` binary, run a vitest file that uses the mock
 * in-process, and run the packed `segmind-contract` against the packed mock on a virtual and on
 * a real clock. A failing step names itself and shows what its command printed.
 *
 * One npm install serves every step. `SEGMIND_PACKED_KEEP=1` keeps the project for a look.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPackedProject, type PackedProject } from './support/packed-project.js';
import { type RunningServer, runStep, StepFailure, startServer } from './support/processes.js';

// Generous bounds, not speed checks: npm install and the node processes share two cores with
// the whole monorepo's test run (turbo runs packages in parallel). Packing and installing take
// 10 to 20 s on a quiet machine and took 110 s in a full run; the type check, 13 s and 85 s.
const INSTALL_TIMEOUT_MS = 600_000;
const STEP_TIMEOUT_MS = 300_000;
const SERVER_READY_MS = 60_000;

const fixtures = fileURLToPath(new URL('../fixtures/app/', import.meta.url));
const READY = /listening on (http:\/\/127\.0\.0\.1:\d+)/;

/** The one line that differs between the ESM app and its CommonJS twin: how JSON is imported. */
const ESM_SPEC_IMPORT =
  /^import spec from '@segmind-ts\/spec\/openapi\.json' with \{ type: 'json' \};.*$/m;
const CJS_SPEC_IMPORT = "import spec = require('@segmind-ts/spec/openapi.json');";

let project: PackedProject;

beforeAll(async () => {
  const started = performance.now();
  project = await createPackedProject();
  const app = join(project.dir, 'src');
  await mkdir(app);
  await mkdir(join(project.dir, 'test'));
  const esm = await readFile(join(fixtures, 'src', 'app.mts'), 'utf8');
  if (!ESM_SPEC_IMPORT.test(esm)) throw new Error('app.mts lost its marked spec import line');
  await writeFile(join(app, 'app.mts'), esm);
  await writeFile(join(app, 'app.cts'), esm.replace(ESM_SPEC_IMPORT, CJS_SPEC_IMPORT));
  await copyFile(join(fixtures, 'tsconfig.json'), join(project.dir, 'tsconfig.json'));
  await copyFile(
    join(fixtures, 'test', 'run-auto-clock.test.ts'),
    join(project.dir, 'test', 'run-auto-clock.test.ts'),
  );
  // Figures for the log: what a user downloads, and what packing and installing took here.
  const sizes = project.tarballs.map((t) => `${t.name} ${(t.bytes / 1024).toFixed(1)} kB`);
  console.info(
    `packed and installed in ${((performance.now() - started) / 1000).toFixed(1)} s into ${project.dir}: ${sizes.join(', ')}; from the registry: ${JSON.stringify(project.registryPins)}`,
  );
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  if (project && !process.env.SEGMIND_PACKED_KEEP) await project.remove();
});

/** Compiles the app once (tsc emits even when it reports errors) for the steps that run it. */
let compiled: Promise<Awaited<ReturnType<typeof runStep>> | StepFailure> | undefined;
function compileApp() {
  compiled ??= runStep('type-check the app', project.bin('tsc'), ['-p', 'tsconfig.json'], {
    cwd: project.dir,
    timeoutMs: STEP_TIMEOUT_MS,
  }).catch((error: unknown) => {
    if (error instanceof StepFailure) return error;
    throw error;
  });
  return compiled;
}

/** Runs `body` against the packed `segmind-mock` binary started with `args`, then stops it. */
async function withPackedMock<T>(
  step: string,
  args: string[],
  body: (mock: RunningServer) => Promise<T>,
): Promise<T> {
  const mock = await startServer(
    step,
    project.bin('segmind-mock'),
    ['--port', '0', '--log-level', 'warn', ...args],
    { cwd: project.dir, timeoutMs: SERVER_READY_MS, ready: READY },
  );
  try {
    return await body(mock);
  } finally {
    await mock.stop();
  }
}

describe('the packed packages, installed with npm outside the workspace', () => {
  it(
    'install from their tarballs, with every @segmind-ts dependency among the tarballs',
    async () => {
      const packed = new Set(project.tarballs.map((tarball) => tarball.name));
      for (const name of packed) {
        const manifest = await project.installedManifest(name);
        for (const [dependency, range] of Object.entries({
          ...manifest.dependencies,
          ...manifest.peerDependencies,
        })) {
          expect(range, `${name} → ${dependency}`).not.toMatch(/^workspace:/);
          if (dependency.startsWith('@segmind-ts/')) {
            expect(packed, `${name} depends on ${dependency}, which is not published`).toContain(
              dependency,
            );
          }
        }
      }
      await runStep('npm ls', 'npm', ['ls', '--all'], {
        cwd: project.dir,
        timeoutMs: STEP_TIMEOUT_MS,
      });
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'type-check an app using every public entry point (strict, NodeNext), ESM and CommonJS',
    async () => {
      const source = await readFile(join(fixtures, 'src', 'app.mts'), 'utf8');
      for (const name of project.tarballs.map((tarball) => tarball.name)) {
        const manifest = await project.installedManifest(name);
        for (const subpath of Object.keys(manifest.exports ?? { '.': '' })) {
          const specifier = subpath === '.' ? name : `${name}/${subpath.slice(2)}`;
          expect(source, `the app never uses the entry point ${specifier}`).toContain(
            `'${specifier}'`,
          );
        }
      }
      const result = await compileApp();
      if (result instanceof StepFailure) throw result;
    },
    STEP_TIMEOUT_MS,
  );

  it.each([
    ['ESM', 'app.mjs'],
    ['CommonJS', 'app.cjs'],
  ])(
    'run the app as %s against the packed segmind-mock binary',
    async (kind, file) => {
      const compiledApp = await compileApp();
      const step = `run the app as ${kind}`;
      const output = await withPackedMock(step, ['--clock', 'real', '--speed', '100'], (mock) =>
        runStep(step, process.execPath, [join('dist', file), mock.url], {
          cwd: project.dir,
          timeoutMs: STEP_TIMEOUT_MS,
        }).then((result) => ({ result, url: mock.url })),
      ).catch((error: unknown) => {
        // When the app did not even compile, say so first.
        if (compiledApp instanceof StepFailure) throw compiledApp;
        throw error;
      });
      const seen = JSON.parse(output.result.stdout.trim().split('\n').at(-1) ?? '{}');
      expect(seen).toMatchObject({
        status: 'COMPLETED',
        pngSignature: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
        badInput: '400 BadRequestError',
        base64: Buffer.from([0, 1, 2, 250, 251, 252]).toString('base64'),
        coreSubmit: [200, 'QUEUED'],
        violations: 0,
        handlers: 1,
        serverHealth: true,
        recorded: 1,
        keyRecorded: false,
        calibrated: 0,
        controlApi: true,
        specTitle: 'Segmind image-editing API',
        specResolved: true,
        registry: {
          slugs: ['background-eraser', 'bria-erase-foreground'],
          states: 4,
          exampleValid: true,
          generation: ['written', 'current'],
        },
      });
      expect(seen.output.startsWith(`${output.url}/outputs/`)).toBe(true);
      expect(seen.contractChecks).toBeGreaterThan(10);
      expect(seen.specPaths).toBeGreaterThan(5);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'run a vitest file with the mock in-process (MSW), run() completing on the auto clock',
    async () => {
      const { stdout } = await runStep(
        'vitest with the mock in-process',
        project.bin('vitest'),
        ['run', '--reporter', 'verbose'],
        { cwd: project.dir, timeoutMs: STEP_TIMEOUT_MS },
      );
      expect(stdout).toMatch(/Tests\s+2 passed/);
    },
    STEP_TIMEOUT_MS,
  );

  it.each([
    ['virtual', ['--clock', 'virtual']],
    ['real', ['--clock', 'real', '--speed', '100']],
  ])(
    'pass the packed segmind-contract against the packed segmind-mock on a %s clock',
    async (clock, args) => {
      const step = `segmind-contract on a ${clock} clock`;
      const { stdout } = await withPackedMock(step, args, (mock) =>
        runStep(
          step,
          project.bin('segmind-contract'),
          ['--base-url', mock.url, '--control-url', `${mock.url}/__mock`],
          { cwd: project.dir, timeoutMs: STEP_TIMEOUT_MS },
        ),
      );
      expect(stdout).toMatch(/\d+ passed, 0 failed/);
    },
    STEP_TIMEOUT_MS,
  );
});
