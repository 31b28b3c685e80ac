// `pnpm bench` (second part): how many status requests a job costs and how late its end is
// seen (the lag: from the job's end to the poll that answered COMPLETED), for today's schedule
// and the old one, side by side in one run, against segmind-mock on its real clock.
//
// Schedules compared, on the same jobs:
//   typical  what the client does now: timed by the model's typical duration from the spec
//   old      the schedule before it (250 ms doubling to 2 s), which the client keeps for
//            models the spec does not list: the same job resumed without its model
//   fixed 1s Segmind's Python SDK (intervalMs: 1000)
// for every model of the spec (`@segmind-ts/spec`'s MODELS), with the mock's default timings (the
// spec's typical figures) and with jobs 3× slower than typical.
//
// The mock runs in a child process on its real clock, `--speed` times faster than wall time.
// This process runs the client on the same compressed time: its timers fire `speed` times
// sooner and its Date.now() runs `speed` times faster, so the client's schedule and the mock's
// jobs keep the proportions of real use. Requests and lag are read from the mock's journal, on
// its clock, so every figure is in simulated seconds.
//
// Usage (after building @segmind-ts/client and @segmind-ts/mock):
//   node bench/polling.mjs [--speed N] [--rounds N] [--check]
//   --check exits 1 when a target is missed: the spec-timed schedule must see a typical job end
//   within 0.5 s, for at most 6 status requests (a 13 s job included).
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { MODEL_EXAMPLES, MODELS } from '@segmind-ts/spec';
import { Segmind } from '../dist/index.js';

const { values: args } = parseArgs({
  options: {
    speed: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '3' },
    check: { type: 'boolean', default: false },
  },
});
const SPEED = Number(args.speed);
const ROUNDS = Number(args.rounds);
const KEY = 'bench-key';
const TARGET_LAG_S = 0.5;
const TARGET_REQUESTS = 6;

// The spec's typical figures, which are also the mock's default timings.
const TYPICAL = Object.fromEntries(
  Object.values(MODELS).map((m) => [
    m.slug,
    { queueMs: m.typicalQueueMs, processingMs: m.typicalProcessingMs },
  ]),
);
const SCENARIOS = [
  { name: 'typical', factor: 1 },
  { name: '3× slower', factor: 3 },
];
const SCHEDULES = ['typical', 'old', 'fixed 1s'];

/** Starts segmind-mock in a child process with `timings`; resolves to its URL and the child. */
function startMock(timings) {
  const server = import.meta.resolve('@segmind-ts/mock/server');
  const options = { port: 0, clock: 'real', speed: SPEED, timings, logLevel: 'error' };
  const script = `
    const { startMockServer } = await import(${JSON.stringify(server)});
    const server = await startMockServer(${JSON.stringify(options)});
    console.log(server.url);
    process.stdin.on('end', () => server.close().then(() => process.exit(0)));
    process.stdin.resume();`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`mock exited with ${code}`)));
    child.stdout.once('data', (chunk) => resolve({ url: String(chunk).trim(), child }));
  });
}

/** Runs this process's timers and Date.now() `SPEED` times faster (see the header). */
function compressTime() {
  const realSetTimeout = globalThis.setTimeout;
  const realNow = Date.now;
  const anchor = realNow();
  globalThis.setTimeout = (callback, ms, ...rest) =>
    realSetTimeout(callback, Math.max(0, (ms ?? 0) / SPEED), ...rest);
  Date.now = () => anchor + Math.round((realNow() - anchor) * SPEED);
}

/** Submits one job and waits for it on `schedule`; resolves to its request id. */
async function runJob(segmind, model, schedule) {
  const job = await segmind.submitAsync(model, MODEL_EXAMPLES[model]);
  if (schedule === 'typical') await job.wait();
  else if (schedule === 'fixed 1s') await job.wait({ intervalMs: 1000 });
  else await segmind.job({ ...job.toJSON(), model: undefined }).wait();
  return job.requestId;
}

async function getJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** Runs every model × schedule `ROUNDS` times at once on one mock; figures per model × schedule. */
async function measure(scenario) {
  const timings = {
    models: Object.fromEntries(
      Object.entries(TYPICAL).map(([model, t]) => [
        model,
        { queueMs: t.queueMs * scenario.factor, processingMs: t.processingMs * scenario.factor },
      ]),
    ),
  };
  const { url, child } = await startMock(timings);
  try {
    const segmind = new Segmind({ apiKey: KEY, baseUrl: url });
    const runs = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const model of Object.keys(MODELS)) {
        for (const schedule of SCHEDULES) {
          runs.push(runJob(segmind, model, schedule).then((id) => ({ id, model, schedule })));
        }
      }
    }
    const done = await Promise.all(runs);
    const { jobs } = await getJson(`${url}/__mock/jobs`);
    const { requests } = await getJson(`${url}/__mock/requests`);
    const figures = [];
    for (const model of Object.keys(MODELS)) {
      for (const schedule of SCHEDULES) {
        const samples = done
          .filter((run) => run.model === model && run.schedule === schedule)
          .map(({ id }) => {
            const job = jobs.find((j) => j.requestId === id);
            const polls = requests.filter((r) => r.requestId === id && r.path.endsWith('/status'));
            const seen = polls.at(-1);
            return { requests: polls.length, lagS: (seen.at - job.endedAt) / 1000 };
          });
        figures.push({
          scenario: scenario.name,
          model,
          schedule,
          durationS:
            ((TYPICAL[model].queueMs + TYPICAL[model].processingMs) * scenario.factor) / 1000,
          requests: median(samples.map((s) => s.requests)),
          maxRequests: Math.max(...samples.map((s) => s.requests)),
          lagS: median(samples.map((s) => s.lagS)),
          maxLagS: Math.max(...samples.map((s) => s.lagS)),
        });
      }
    }
    return figures;
  } finally {
    child.stdin.end();
  }
}

compressTime();
const figures = [];
for (const scenario of SCENARIOS) figures.push(...(await measure(scenario)));

console.log(
  `Polling against segmind-mock (real clock ×${SPEED}), ${ROUNDS} jobs each; simulated seconds; median (max).`,
);
console.table(
  figures.map((f) => ({
    job: `${f.model} ${f.scenario} (${f.durationS} s)`,
    schedule: f.schedule,
    'status requests': `${f.requests} (${f.maxRequests})`,
    'lag s': `${f.lagS.toFixed(2)} (${f.maxLagS.toFixed(2)})`,
  })),
);

const missed = figures.filter(
  (f) =>
    f.schedule === 'typical' &&
    f.scenario === 'typical' &&
    (f.maxLagS > TARGET_LAG_S || f.maxRequests > TARGET_REQUESTS),
);
for (const f of missed) {
  console.log(`MISSED: ${f.model} typical job: ${f.maxRequests} requests, lag ${f.maxLagS} s`);
}
if (args.check && missed.length > 0) process.exit(1);
