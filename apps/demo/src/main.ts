#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { runDemo } from './demo.js';

const usage = `Usage: pnpm demo [--out DIR] [--speed X]

Runs background-eraser and bria-erase-foreground through @segmind-ts/client against a local
Segmind mock started in this process, and saves the output images.

  --out DIR    folder for the images [default: ./out]
  --speed X    how much faster than real time the simulated jobs run [default: 8]
`;

async function main(): Promise<number> {
  let values: { out?: string; speed?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        out: { type: 'string' },
        speed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const speed = Number(values.speed ?? 8);
  if (!Number.isFinite(speed) || speed <= 0) {
    process.stderr.write(`--speed must be a number above 0, got ${values.speed}\n`);
    return 2;
  }
  try {
    const outcomes = await runDemo({ outDir: values.out ?? 'out', speed, out: process.stdout });
    return outcomes.every((outcome) => outcome.state === 'COMPLETED') ? 0 : 1;
  } catch (error) {
    process.stderr.write(`\ndemo failed: ${(error as Error).stack ?? error}\n`);
    return 1;
  }
}

process.exitCode = await main();
