// `pnpm soak`: figures, not a test. 1,000 concurrent `run()` calls through @segmind-ts/client
// against the segmind-mock HTTP server (real clock sped up), then the same with 30 % of submits
// and polls faulted (429, 502, 503, 504 and dropped connections, through the mock's fault API).
// Prints, per phase: completed, failed, lost, double-charged (from the journal), failures
// without a requestId, p50/p99 end to end; and the server's RSS before, at its peak and after
// every job has expired.
//
// Usage: pnpm soak [--runs N] [--speed X] [--fault-rate P]
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Segmind } from '../../packages/client/dist/index.js';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '1000' },
    speed: { type: 'string', default: '20' },
    'fault-rate': { type: 'string', default: '0.3' },
  },
});
const RUNS = Number(args.runs);
const SPEED = Number(args.speed);
const FAULT_RATE = Number(args['fault-rate']);
/**
 * How long results are kept, on the mock's clock: 5 minutes, so 15 s of wall time at speed 20.
 * Long enough for 1,000 concurrent clients to fetch their results on a loaded machine, short
 * enough for every job to expire within the run.
 */
const RETENTION_MS = 300_000;
/** The longest job (bria: 1 s queued + 12 s processing), on the mock's clock. */
const LONGEST_JOB_MS = 13_000;
/** A run that takes longer than this is counted as hung. */
const RUN_TIMEOUT_MS = 60_000;
const KEY = 'soak-key';

const child = fork(
  fileURLToPath(new URL('./server.mjs', import.meta.url)),
  [JSON.stringify({ clock: 'real', speed: SPEED, retentionMs: RETENTION_MS, journalSize: 50_000 })],
  { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
);
process.on('exit', () => child.exitCode === null && child.kill('SIGKILL'));

const replies = [];
let waiting;
child.on('message', (message) => {
  replies.push(message);
  waiting?.();
});
async function nextReply() {
  while (replies.length === 0) await new Promise((resolve) => (waiting = resolve));
  return replies.shift();
}
const { url } = await nextReply();
const memory = async () => {
  child.send('memory');
  return (await nextReply()).memory;
};

const control = async (method, path, body) => {
  const res = await fetch(`${url}/__mock/${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} /__mock/${path} answered ${res.status}`);
  return res.json();
};

/**
 * Reads the journal while the phase runs, page by page after the last seq seen, so that no
 * entry is lost to the journal's bounds; a gap in the numbering is counted.
 */
function followJournal() {
  const entries = [];
  let after = 0;
  let gaps = 0;
  let running = true;
  const drain = async () => {
    for (;;) {
      const { requests } = await control('GET', `requests?after=${after}&limit=5000`);
      if (requests.length === 0) return;
      if (requests[0].seq !== after + 1) gaps += requests[0].seq - after - 1;
      entries.push(...requests);
      after = requests.at(-1).seq;
    }
  };
  const loop = (async () => {
    while (running) {
      await drain();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await drain();
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { entries, gaps };
    },
  };
}

const MODELS = ['background-eraser', 'bria-erase-foreground'];
const inputOf = (phase, i) =>
  i % 2 === 0
    ? { image: `https://example.com/soak/${phase}/${i}.png`, return_mask: false }
    : { image: `https://example.com/soak/${phase}/${i}.jpg` };

const percentile = (sorted, p) =>
  sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function phase(name, runs = RUNS) {
  await control('DELETE', 'requests');
  const journal = followJournal();
  const segmind = new Segmind({ apiKey: KEY, baseUrl: url });
  const started = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: runs }, async (_, i) => {
      const begin = performance.now();
      try {
        const result = await segmind.run(MODELS[i % 2], inputOf(name, i), {
          timeoutMs: RUN_TIMEOUT_MS,
        });
        return { i, ok: result.status === 'COMPLETED', ms: performance.now() - begin };
      } catch (error) {
        return { i, ok: false, ms: performance.now() - begin, error };
      }
    }),
  );
  const wallMs = performance.now() - started;
  const { entries, gaps } = await journal.stop();

  // Submits per run, from the journal: each run's input is unique, and a faulted submit keeps
  // its body too. An accepted submit (200, not a fault) is a job created and charged.
  const accepted = new Map();
  let submits = 0;
  for (const entry of entries) {
    if (entry.method !== 'POST' || !/^\/v2\/[^/]+$/.test(entry.path)) continue;
    submits++;
    const image = entry.requestBody?.image;
    if (typeof image !== 'string' || entry.status !== 200 || entry.fault) continue;
    accepted.set(image, (accepted.get(image) ?? 0) + 1);
  }
  const completed = outcomes.filter((o) => o.ok);
  const failed = outcomes.filter((o) => !o.ok);
  const reasons = new Map();
  for (const { error } of failed) {
    const reason = `${error?.name ?? 'Error'}${error?.status ? ` ${error.status}` : ''}`;
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  const timesOf = (o) => accepted.get(inputOf(name, o.i).image) ?? 0;
  const durations = completed.map((o) => o.ms).sort((a, b) => a - b);
  return {
    name,
    runs,
    completed: completed.length,
    failed: failed.length,
    // A job created for a run that did not get its result: charged, and lost to the caller.
    lost: failed.filter((o) => timesOf(o) > 0).length,
    doubleCharged: outcomes.filter((o) => timesOf(o) > 1).length,
    failedWithoutRequestId: failed.filter((o) => !o.error?.requestId).length,
    // Of those, the ones whose job was created: the caller cannot even look the job up again.
    lostWithoutRequestId: failed.filter((o) => timesOf(o) > 0 && !o.error?.requestId).length,
    reasons: [...reasons].map(([reason, n]) => `${reason} ×${n}`).join(', ') || '-',
    submits,
    journalGaps: gaps,
    p50: percentile(durations, 50),
    p99: percentile(durations, 99),
    wallMs,
  };
}

/** Faults on submits and polls, each kind with an equal share of `rate` (checked in order). */
async function injectFaults(rate) {
  const kinds = [
    { status: 429 },
    { status: 502 },
    { status: 503 },
    { status: 504 },
    { networkError: true },
  ];
  const share = rate / kinds.length;
  for (const [method, path] of [
    ['POST', '/v2/*'],
    ['GET', '/v2/requests/*'],
  ]) {
    // Faults are tried in order: each one fires with the probability that leaves every kind
    // the same share of all requests.
    for (const [k, kind] of kinds.entries()) {
      await control('POST', 'faults', {
        method,
        path,
        ...kind,
        probability: share / (1 - share * k),
      });
    }
  }
  const { faults } = await control('GET', 'faults');
  if (faults.length !== 2 * kinds.length) throw new Error('faults not all injected');
}

const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const change = (from, to) => `${to >= from ? '+' : ''}${(((to - from) / from) * 100).toFixed(1)} %`;

/**
 * Waits until every job so far has expired on the mock's clock (retention counts from the
 * submit), then lists the jobs (which drops the expired ones) and empties the journal (a bounded
 * buffer, drained by each phase): what is left is what the server keeps for good.
 */
async function drain() {
  await new Promise((resolve) =>
    setTimeout(resolve, ((RETENTION_MS + LONGEST_JOB_MS) / SPEED) * 1.2),
  );
  const { jobs } = await control('GET', 'jobs');
  await control('DELETE', 'requests');
  return jobs;
}

// A whole cycle first, clean and faulted at full concurrency, then drained: code compiled and
// pools sized on first use are not counted as growth. Node's HTTP server, for one, keeps up to
// 1,000 freed parsers for reuse, so 1,000 concurrent connections leave about a megabyte of heap
// that is a pool, not a leak. The baseline is a server that has served the same traffic once
// and holds no job; a leak shows as growth over it after the measured cycle.
await phase('warm-up', RUNS);
await injectFaults(FAULT_RATE);
await phase('warm-up, faulted', RUNS);
await control('DELETE', 'faults');
await drain();
const before = await memory();
const clean = await phase('clean');
await injectFaults(FAULT_RATE);
const faulted = await phase('faulted');
const peak = (await memory()).peak;
await control('DELETE', 'faults');
const jobs = await drain();
const after = await memory();

const rows = [
  ['', 'clean', `faulted ${Math.round(FAULT_RATE * 100)} %`],
  ['runs', clean.runs, faulted.runs],
  ['completed', clean.completed, faulted.completed],
  ['failed', clean.failed, faulted.failed],
  ['lost (job created, no result)', clean.lost, faulted.lost],
  ['double-charged (2+ jobs)', clean.doubleCharged, faulted.doubleCharged],
  ['failed without a requestId', clean.failedWithoutRequestId, faulted.failedWithoutRequestId],
  ['  of which lost', clean.lostWithoutRequestId, faulted.lostWithoutRequestId],
  ['submits sent (journal)', clean.submits, faulted.submits],
  ['journal entries missed', clean.journalGaps, faulted.journalGaps],
  ['p50 end to end', `${clean.p50.toFixed(0)} ms`, `${faulted.p50.toFixed(0)} ms`],
  ['p99 end to end', `${clean.p99.toFixed(0)} ms`, `${faulted.p99.toFixed(0)} ms`],
  ['wall time', `${(clean.wallMs / 1000).toFixed(1)} s`, `${(faulted.wallMs / 1000).toFixed(1)} s`],
];
console.log(
  `segmind soak: ${RUNS} concurrent run() per phase, @segmind-ts/client defaults (maxRetries 2), ` +
    `mock server with a real clock ×${SPEED}, retention ${RETENTION_MS / 1000} s (mock clock)\n`,
);
for (const [label, a, b] of rows) {
  console.log(`${String(label).padEnd(32)}${String(a).padStart(12)}${String(b).padStart(16)}`);
}
console.log(`\nfailures, clean:   ${clean.reasons}`);
console.log(`failures, faulted: ${faulted.reasons}`);
console.log(
  `\nserver RSS: before ${mib(before.rss)}, peak ${mib(peak)}, after expiry ${mib(after.rss)} ` +
    `(${change(before.rss, after.rss)}); heap used before ${mib(before.heapUsed)}, after ` +
    `${mib(after.heapUsed)} (${change(before.heapUsed, after.heapUsed)}); jobs held after expiry: ${jobs.length}`,
);
child.send('stop');
