// The README's main job, end to end: the built demo starts the mock in its own process, runs
// both models through the client on a real (accelerated) clock, and leaves decodable PNGs.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The mock's own test decoder: it checks every CRC and inflates the pixels.
import { decodePng } from '../../../packages/mock/test/png-decode.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
let out: string;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'segmind-demo-'));
});
afterAll(() => rm(out, { recursive: true, force: true }));

describe('pnpm demo', () => {
  it('runs both models, prints each state and where the images are, and exits 0', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [MAIN, '--out', out], {
      timeout: 60_000,
    });
    // The simulated clock runs 8 times faster than real time: each job's wall time, as the demo
    // reports it, is a fraction of its simulated time (measured per job, so a loaded machine's
    // slow start-up does not count).
    const times = [...stdout.matchAll(/COMPLETED\s+(\d+\.\d) s \((\d+\.\d) s simulated\)/g)];
    expect(times).toHaveLength(2);
    for (const [, wall, simulated] of times) {
      expect(Number(wall)).toBeLessThan(Number(simulated) / 2);
    }

    for (const model of ['background-eraser', 'bria-erase-foreground']) {
      const lines = stdout.split('\n').filter((line) => line.includes(` ${model} `));
      const states = lines.map((line) => /(QUEUED|PROCESSING|COMPLETED|FAILED)/.exec(line)?.[1]);
      // States only move forward; a slow machine may poll past a short PROCESSING.
      const order = ['QUEUED', 'PROCESSING', 'COMPLETED'];
      expect(states[0], model).toBe('QUEUED');
      expect(states.at(-1), model).toBe('COMPLETED');
      expect(
        states.map((state) => order.indexOf(state as string)),
        model,
      ).toEqual([...new Set(states)].map((state) => order.indexOf(state as string)).sort());
      // bria-erase-foreground's PROCESSING lasts 1.5 s of wall time, polled every 125 ms: it is
      // shown whenever the machine does not stall the demo for that long, and a loaded CI machine
      // may, so the test does not require it (the order of the states above still holds).
      expect(lines.at(-1)).toMatch(/\d+\.\d s \(\d+\.\d s simulated\)/);

      const file = join(out, `${model}.png`);
      expect(stdout).toContain(file);
      const png = decodePng(await readFile(file));
      expect(png.width).toBeGreaterThan(0);
      expect(png.height).toBeGreaterThan(0);
    }
    expect(stdout).toContain(`Saved 2 image(s) in ${out}`);
    expect(stdout).toContain('http://127.0.0.1:4010/__mock/console');
  });

  it('refuses a bad --speed with exit code 2', async () => {
    const run = promisify(execFile)(process.execPath, [MAIN, '--speed', 'fast']);
    await expect(run).rejects.toMatchObject({ code: 2 });
  });
});
