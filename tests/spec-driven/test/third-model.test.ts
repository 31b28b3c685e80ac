/**
 * A new Segmind model is a change to spec/ alone. In a copy of the repository (its own git
 * repository, installed from the lockfile), the test adds a third model, bria-remove-background,
 * the way a contributor would: its file under spec/models/, its two paths, its tag and its seed
 * source in spec/openapi.yaml. Then it runs `pnpm gen` and the build, and proves, one test per
 * claim, that nothing but spec/ and generated files changed and that every consumer follows:
 * the client's types, `run()` against the mock, the mock's validation, the contract kit, the docs.
 *
 * `SPEC_DRIVEN_REPO=<checkout>` runs it against another checkout (an older commit);
 * `KEEP_SPEC_DRIVEN_COPY=1` keeps the copy for a look.
 */
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsumerProject, diagnosticsOf } from './support/consumer-project.js';
import { withCopyMock } from './support/mock-server.js';
import { type CommandOutput, describeOutput } from './support/processes.js';
import { copyRepository, type RepoCopy, type StatusEntry } from './support/repo-copy.js';
import { type FailedTest, runSpecSuite } from './support/spec-checks.js';
import { addThirdModel, THIRD_MODEL } from './support/third-model.js';
import {
  BUILD_TIMEOUT_MS,
  GEN_TIMEOUT_MS,
  STEP_TIMEOUT_MS,
  TYPECHECK_TIMEOUT_MS,
} from './support/timeouts.js';
import { probeProblems, typeProbe } from './support/type-probe.js';

const { slug, title } = THIRD_MODEL;
const RUN_SCRIPT = fileURLToPath(
  new URL('../fixtures/consumer/run-third-model.mjs', import.meta.url),
);
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A path the generators own: under a `generated/` folder, or a `.gen.` file. */
const isGenerated = (path: string) =>
  path.includes('/generated/') || /\.gen\.(d\.)?[cm]?[jt]s$/.test(path);

let copy: RepoCopy;
let gen: CommandOutput;
let build: CommandOutput;
let changes: StatusEntry[];

beforeAll(async () => {
  const started = performance.now();
  copy = await copyRepository('third-model');
  const copied = performance.now();
  await addThirdModel(copy.dir);
  gen = await copy.run('pnpm', ['run', 'gen'], { timeoutMs: GEN_TIMEOUT_MS });
  // Every package the claims read, built even when one of them fails (each claim says which).
  build = await copy.run(
    'pnpm',
    [
      'exec',
      'turbo',
      'run',
      'build',
      '--filter=@segmind-ts/docs...',
      '--filter=@segmind-ts/client...',
      '--filter=@segmind-ts/contract...',
      '--continue=dependencies-successful',
      '--output-logs=errors-only',
    ],
    { timeoutMs: BUILD_TIMEOUT_MS },
  );
  changes = await copy.status();
  const seconds = (from: number, to = performance.now()) => ((to - from) / 1000).toFixed(1);
  console.info(
    `copy of ${copy.source} at ${copy.dir}: copied and installed in ${seconds(started, copied)} s, ` +
      `pnpm gen ${(gen.durationMs / 1000).toFixed(1)} s (exit ${gen.code}), ` +
      `build ${(build.durationMs / 1000).toFixed(1)} s (exit ${build.code})`,
  );
});

afterAll(async () => {
  await copy?.remove();
});

describe(`a third model, ${slug}, added to spec/ alone`, () => {
  it('generates and builds: pnpm gen, then the spec, client, mock, contract kit and docs', () => {
    const failed = [gen, build].filter((step) => step.code !== 0);
    expect(
      failed.map((step) => describeOutput(step)).join('\n\n'),
      `${failed.map((step) => step.command).join(' and ')} failed in the copy`,
    ).toBe('');
  });

  it('passes the spec lint: Redocly, zero problems', async () => {
    const lint = await copy.run('pnpm', ['--filter', '@segmind-ts/spec', 'run', 'lint'], {
      timeoutMs: STEP_TIMEOUT_MS,
    });
    expect(lint.code, `the spec lint failed\n${describeOutput(lint)}`).toBe(0);
    expect(
      `${lint.stdout}${lint.stderr}`,
      `the spec lint warned\n${describeOutput(lint)}`,
    ).not.toMatch(/\d+ (warning|error)s?\b/i);
  });

  it("passes the spec package's own tests, which read the models from the registry", async () => {
    const suite = await runSpecSuite(copy, STEP_TIMEOUT_MS);
    const explain = (test: FailedTest) =>
      `${test.name}\n${test.errors.map((e) => `${e.message}\n${e.diff ?? ''}`).join('\n')}`;
    expect(
      [...suite.unhandled, ...suite.failed.map(explain)].join('\n\n'),
      `spec tests fail on the new model\n${describeOutput(suite.run)}`,
    ).toBe('');
    expect(suite.passed, describeOutput(suite.run)).toBeGreaterThan(0);
  });

  it('changes no file outside spec/ but generated ones', () => {
    const paths = changes.map((change) => change.path);
    expect(paths, 'the model file is not in the copy').toContain(`spec/models/${slug}.yaml`);
    expect(paths, 'spec/openapi.yaml did not change').toContain('spec/openapi.yaml');
    const handWritten = changes.filter(
      (change) => !change.path.startsWith('spec/') && !isGenerated(change.path),
    );
    expect(
      handWritten.map((change) => `${change.code} ${change.path}`),
      'hand-written files outside spec/ changed after pnpm gen and the build',
    ).toEqual([]);
  });

  it("a. the client's types accept the new model and reject its wrong inputs", async () => {
    const project = await createConsumerProject(copy, 'spec-driven-types', ['probe.ts']);
    const probe = typeProbe();
    await project.write('probe.ts', probe.source);
    const tsc = await copy.run(
      process.execPath,
      [
        join(copy.dir, 'node_modules', 'typescript', 'bin', 'tsc'),
        '-p',
        'tsconfig.json',
        '--pretty',
        'false',
      ],
      { cwd: join('test-results', 'spec-driven-types'), timeoutMs: STEP_TIMEOUT_MS },
    );
    const diagnostics = diagnosticsOf(tsc.stdout);
    const problems = probeProblems(probe, diagnostics);
    expect(problems.join('\n'), `tsc on ${join(project.dir, 'probe.ts')}`).toBe('');
    expect(tsc.code, `tsc failed without a diagnostic of the probe\n${describeOutput(tsc)}`).toBe(
      0,
    );
    await project.remove();
  });

  it('b. run() completes against the mock, and its output downloads as a PNG', async () => {
    const project = await createConsumerProject(copy, 'spec-driven-run', []);
    await copyFile(RUN_SCRIPT, join(project.dir, 'run-third-model.mjs'));
    const ran = await withCopyMock(copy, 'mock for run()', 'auto', (mock) =>
      copy.run(process.execPath, ['run-third-model.mjs', mock.url, slug], {
        cwd: join('test-results', 'spec-driven-run'),
        timeoutMs: STEP_TIMEOUT_MS,
      }),
    );
    expect(ran.code, `run('${slug}') failed against the mock\n${describeOutput(ran)}`).toBe(0);
    const seen = JSON.parse(ran.stdout.trim().split('\n').at(-1) ?? '{}');
    expect(seen, describeOutput(ran)).toMatchObject({
      status: 'COMPLETED',
      download: { status: 200, contentType: 'image/png', signature: PNG_SIGNATURE },
    });
    expect(seen.download.bytes).toBeGreaterThan(PNG_SIGNATURE.length);
    await project.remove();
  });

  it('c. the mock validates its inputs: 400 with an error naming the field, 200 when valid', async () => {
    const url = 'https://example.com/cat.png';
    const cases: { version: 'v1' | 'v2'; body: unknown; status: number; names?: string }[] = [
      {
        version: 'v2',
        body: { image: url, preserve_alpha: 'yes' },
        status: 400,
        names: 'preserve_alpha',
      },
      { version: 'v2', body: { preserve_alpha: true }, status: 400, names: 'image' },
      {
        version: 'v2',
        body: { image: url, not_a_parameter: true },
        status: 400,
        names: 'not_a_parameter',
      },
      { version: 'v2', body: { image: 'not an image' }, status: 400, names: 'image' },
      {
        version: 'v1',
        body: { image: url, content_moderation: 'no' },
        status: 400,
        names: 'content_moderation',
      },
      { version: 'v2', body: { image: url }, status: 200 },
      {
        version: 'v2',
        body: { image: 'data:image/png;base64,iVBORw0KGgo=', preserve_alpha: false },
        status: 200,
      },
      { version: 'v1', body: { image: url, content_moderation: true }, status: 200 },
    ];
    const mismatches = await withCopyMock(copy, 'mock for validation', 'auto', async (mock) => {
      const found: string[] = [];
      for (const { version, body, status, names } of cases) {
        const response = await fetch(`${mock.url}/${version}/${slug}`, {
          method: 'POST',
          headers: { 'x-api-key': 'spec-driven-key', 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const type = response.headers.get('content-type') ?? '';
        const answer = type.includes('json') ? await response.json() : `<${type}>`;
        const at = `POST /${version}/${slug} ${JSON.stringify(body)} → ${response.status} ${JSON.stringify(answer)}`;
        if (response.status !== status) found.push(`${at}: expected ${status}`);
        else if (
          status === 400 &&
          !(typeof answer?.error === 'string' && answer.error.includes(names ?? ''))
        )
          found.push(`${at}: expected {"error": string} naming ${names}`);
        else if (status === 200 && version === 'v2' && answer?.status !== 'QUEUED')
          found.push(`${at}: expected a QUEUED job`);
        else if (status === 200 && version === 'v1' && type !== 'image/png')
          found.push(`${at}: expected image/png bytes`);
      }
      return found;
    });
    expect(mismatches.join('\n'), 'the mock does not validate the new model as its spec says').toBe(
      '',
    );
  });

  it('d. the contract kit passes on it, v1 and v2', async () => {
    const reportFile = join(copy.dir, 'test-results', 'spec-driven-contract.json');
    const run = await withCopyMock(copy, 'mock for the contract kit', 'virtual', (mock) =>
      copy.run(
        process.execPath,
        [
          join(copy.dir, 'packages', 'contract', 'dist', 'cli.js'),
          '--base-url',
          mock.url,
          '--control-url',
          `${mock.url}/__mock`,
          '--report',
          reportFile,
        ],
        { timeoutMs: STEP_TIMEOUT_MS },
      ),
    );
    expect(
      run.code,
      `segmind-contract failed against the copy's mock\n${describeOutput(run)}`,
    ).toBe(0);
    const report = JSON.parse(await readFile(reportFile, 'utf8')) as {
      checks: { name: string; outcome: string }[];
    };
    const ofModel = report.checks.filter((check) => new RegExp(`\\b${slug}\\b`).test(check.name));
    const summary = ofModel.map((check) => `${check.outcome} ${check.name}`).join('\n');
    for (const version of ['v1', 'v2']) {
      expect(
        ofModel.some((check) => check.name.startsWith(`${version} ${slug}`)),
        `no ${version} check of ${slug} in the report; its checks:\n${summary}`,
      ).toBe(true);
    }
    expect(
      ofModel.filter((check) => check.outcome !== 'pass').map((check) => check.name),
      summary,
    ).toEqual([]);
  });

  it('e. the docs list it, with a TypeScript sample per operation that compiles', async () => {
    const docs = join(copy.dir, 'apps', 'docs', 'dist');
    const built = await readFile(join(docs, 'openapi.json'), 'utf8').catch(() => undefined);
    expect(built, `the docs were not built\n${describeOutput(build)}`).toBeDefined();
    const spec = JSON.parse(built ?? '{}');
    const tag = (spec.tags ?? []).find((candidate: { name: string }) => candidate.name === slug);
    expect(tag?.['x-displayName'], `the reference has no tag ${slug}`).toBe(title);
    expect(await readFile(join(docs, 'assets', 'openapi.js'), 'utf8')).toContain(`/v2/${slug}`);

    const samples: { operationId: string; source: string }[] = [];
    for (const [version, call] of [
      ['v1', /\.runSync\(/],
      ['v2', /\.(run|submitAsync)\(/],
    ] as const) {
      const operation = spec.paths?.[`/${version}/${slug}`]?.post;
      expect(operation, `the reference has no POST /${version}/${slug}`).toBeDefined();
      const typescript = (operation['x-codeSamples'] ?? []).find(
        (sample: { lang: string }) => sample.lang === 'typescript',
      );
      expect(typescript?.source, `POST /${version}/${slug} has no TypeScript sample`).toMatch(
        new RegExp(`['"\`]${slug}['"\`]`),
      );
      expect(typescript.source, `the POST /${version}/${slug} sample makes no such call`).toMatch(
        call,
      );
      samples.push({ operationId: operation.operationId, source: typescript.source });
    }

    // Each sample as a reader copies it: its own module, strict, NodeNext.
    const project = await createConsumerProject(copy, 'spec-driven-samples', ['*.ts']);
    for (const sample of samples)
      await project.write(`${sample.operationId}.ts`, `${sample.source}\n`);
    const tsc = await copy.run(
      process.execPath,
      [
        join(copy.dir, 'node_modules', 'typescript', 'bin', 'tsc'),
        '-p',
        'tsconfig.json',
        '--pretty',
        'false',
      ],
      { cwd: join('test-results', 'spec-driven-samples'), timeoutMs: STEP_TIMEOUT_MS },
    );
    expect(
      diagnosticsOf(tsc.stdout)
        .map((d) => `${d.file}:${d.line} ${d.text}`)
        .join('\n'),
      `the docs' samples of ${slug} do not compile\n${samples.map((s) => `--- ${s.operationId}\n${s.source}`).join('\n')}`,
    ).toBe('');
    expect(tsc.code, describeOutput(tsc)).toBe(0);
    await project.remove();

    // And the docs' own check of every excerpt they display, which now includes these samples.
    const displayed = await copy.run(
      'pnpm',
      ['exec', 'vitest', 'run', 'test/displayed-samples.test.ts'],
      {
        cwd: join('apps', 'docs'),
        timeoutMs: STEP_TIMEOUT_MS,
      },
    );
    expect(
      displayed.code,
      `the docs' displayed-samples test fails\n${describeOutput(displayed)}`,
    ).toBe(0);
  });

  it('leaves the workspace type-checking: pnpm typecheck', async () => {
    const typecheck = await copy.run(
      'pnpm',
      [
        'exec',
        'turbo',
        'run',
        'typecheck',
        '--continue=dependencies-successful',
        '--output-logs=errors-only',
      ],
      { timeoutMs: TYPECHECK_TIMEOUT_MS },
    );
    expect(
      typecheck.code,
      `the workspace no longer type-checks\n${describeOutput(typecheck)}`,
    ).toBe(0);
  });
});
