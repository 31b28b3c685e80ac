import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Segmind } from '@segmind-ts/client';
import { startMockServer } from '@segmind-ts/mock/server';
import { DEMO_JOBS } from './inputs.js';
import { type JobOutcome, runJob } from './job.js';
import { type BoardOutput, StatusBoard } from './status-board.js';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Folder the output images are saved in; created if missing. */
  outDir: string;
  /** Multiplier of the mock's real clock: 8 turns bria's ~12 s into 1.5 s. */
  speed: number;
  /** Where the demo writes; a terminal gets live status lines. */
  out: BoardOutput;
}

const DEMO_KEY = 'demo-key';

/** A path relative to the working directory when it lies inside it, absolute otherwise. */
function shortPath(file: string): string {
  const inside = relative(process.cwd(), file);
  return inside.startsWith('..') || isAbsolute(inside) ? file : inside;
}

/**
 * Where to go next: the same mock in the foreground with the offline docs, whose try-it talks to
 * it, and its console. The docs folder is named only when `pnpm demo` has built it beside this app.
 */
function nextSteps(): string {
  const docs = fileURLToPath(new URL('../../docs/dist/index.html', import.meta.url));
  const lines = [
    '',
    'Next, work against the mock yourself:',
    '  pnpm start      the mock on http://127.0.0.1:4010, with the docs at http://127.0.0.1:4010/docs/',
    '                  and its console, jobs and journal live: http://127.0.0.1:4010/__mock/console',
  ];
  if (existsSync(docs))
    lines.push(`  offline docs    ${shortPath(docs)} (opens from the disk too)`);
  return `${lines.join('\n')}\n`;
}

/**
 * Starts the mock server in this process on a free loopback port, runs every demo job through
 * `@segmind-ts/client` (`submitAsync`, `job.wait`, `downloadOutput`) with a live status line each, saves the outputs under `outDir`, and stops
 * the server. Resolves with the outcome of each job.
 */
export async function runDemo(options: DemoOptions): Promise<JobOutcome[]> {
  const { out } = options;
  const outDir = resolve(options.outDir);
  await mkdir(outDir, { recursive: true });
  const server = await startMockServer({
    port: 0,
    clock: 'real',
    speed: options.speed,
    apiKeys: [DEMO_KEY],
    logLevel: 'silent',
  });
  try {
    out.write(
      `segmind-ts demo: Segmind's API simulated on ${server.url} (clock ×${options.speed}, no network used)\n\n`,
    );
    const segmind = new Segmind({ apiKey: DEMO_KEY, baseUrl: server.url });
    const board = new StatusBoard(
      out,
      DEMO_JOBS.map((job) => job.model),
      { speed: options.speed },
    );
    const pollMs = Math.max(50, Math.round(1000 / options.speed));
    const outcomes = await Promise.all(
      DEMO_JOBS.map(async (job, row) => {
        try {
          const outcome = await runJob(
            segmind,
            job,
            outDir,
            (state) => board.update(row, state),
            pollMs,
          );
          board.update(
            row,
            outcome.state,
            outcome.file ? `→ ${shortPath(outcome.file)}` : outcome.error,
          );
          return outcome;
        } catch (error) {
          board.update(row, 'FAILED', (error as Error).message);
          throw error;
        }
      }),
    ).finally(() => board.stop());
    const saved = outcomes.filter((outcome) => outcome.file);
    out.write(`\nSaved ${saved.length} image(s) in ${outDir}:\n`);
    for (const outcome of saved) out.write(`  ${outcome.file}\n`);
    out.write(nextSteps());
    return outcomes;
  } finally {
    await server.close();
  }
}
