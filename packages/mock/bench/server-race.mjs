// `pnpm bench`: segmind-mock against Prism (`prism mock spec/dist/openapi.json`) and a bare
// node:http server returning a constant JSON, measured side by side in one run on loopback.
// When redis-server is installed, segmind-mock with its state on Redis (`--store redis://...`)
// runs beside it, on a private redis-server, and the Redis commands each request costs are
// counted with INFO commandstats.
//
// Each server runs in its own process; autocannon (10 connections) runs in this one. Figures:
// requests per second and p50/p99 latency for a status GET and a v2 submit POST (the mock and
// Prism both validate the body against the spec), ready time (spawn to first 200), the mock's
// idle RSS, and the heap 100,000 retained jobs add (in a child process with --expose-gc).
//
// Usage: node bench/server-race.mjs [--duration S] [--jobs N] [--check]
//   --check exits 1 when a target is missed (figures are printed either way).
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import autocannon from 'autocannon';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    jobs: { type: 'string', default: '100000' },
    check: { type: 'boolean', default: false },
  },
});
const DURATION_S = Number(args.duration);
const WARMUP_S = 1;
const CONNECTIONS = 10;
const JOBS = Number(args.jobs);

const require = createRequire(import.meta.url);
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const SPEC = require.resolve('@segmind-ts/spec/openapi.json');
const PRISM = require.resolve('@stoplight/prism-cli/dist/index.js');
const MOCK_BIN = here('../bin/segmind-mock.js');
const KEY = 'bench-key';
const SUBMIT_BODY = JSON.stringify({ image: 'https://example.com/photo.png', return_mask: false });
const STATUS_BODY = JSON.stringify({
  request_id: '7f3c9a2e-4b1d-4e8a-9c5f-2d6b8e1a0c47',
  status: 'PROCESSING',
});

const children = [];
const folders = [];
const stopAll = () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
};
process.on('exit', stopAll);
process.on('SIGINT', () => process.exit(130));

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Spawns a server process and resolves once `probe` answers 200, with the time it took. */
async function spawnServer(name, command, argv, probe) {
  const started = performance.now();
  const child = spawn(command, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited early: ${stderr}`);
    try {
      const res = await probe();
      if (res.status === 200) {
        await res.arrayBuffer();
        return { child, readyMs: performance.now() - started };
      }
      await res.arrayBuffer();
    } catch {
      // Not listening yet.
    }
    if (performance.now() - started > 30_000)
      throw new Error(`${name} not ready in 30 s: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

function load(url, { method = 'GET', body, headers = {} }, duration) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method,
        connections: CONNECTIONS,
        duration,
        headers: {
          'x-api-key': KEY,
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body ? { body } : {}),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/** One measured run after a warm-up, as req/s and latency percentiles (ms). */
async function race(url, request, redis) {
  await load(url, request, WARMUP_S);
  if (redis) await redis.client.config('RESETSTAT');
  const result = await load(url, request, DURATION_S);
  const counts = redis ? await commandCounts(redis.client) : undefined;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    ...(counts
      ? {
          commandsPerRequest: counts.all / result.requests.total,
          evalshaPerRequest: counts.evalsha / result.requests.total,
        }
      : {}),
  };
}

function findRedisServer() {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

/** A private redis-server (no persistence) and a client to read its command counts. */
async function startRedis(binary) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'segmind-bench-redis-'));
  folders.push(dir);
  const child = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ],
    { stdio: 'ignore' },
  );
  children.push(child);
  const { Redis } = await import('ioredis');
  const client = new Redis(`redis://127.0.0.1:${port}/0`, {
    retryStrategy: (times) => (times > 100 ? null : 50),
  });
  await client.ping();
  return { url: `redis://127.0.0.1:${port}/0`, client };
}

/** Commands Redis ran since the last CONFIG RESETSTAT: every command, and EVALSHA alone. */
async function commandCounts(client) {
  const text = await client.info('commandstats');
  let all = 0;
  let evalsha = 0;
  for (const match of text.matchAll(/^cmdstat_([a-z|]+):calls=(\d+)/gm)) {
    const [, name, calls] = match;
    if (name === 'info' || name === 'config|resetstat') continue;
    all += Number(calls);
    if (name === 'evalsha') evalsha += Number(calls);
  }
  return { all, evalsha };
}

function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  return kb * 1024;
}

const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
const fixed = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

async function main() {
  console.log(
    `segmind-mock vs Prism 5.14.2 vs bare node:http, ${CONNECTIONS} connections, ${DURATION_S} s per run ` +
      `(after ${WARMUP_S} s of warm-up), Node ${process.version}\n`,
  );

  // Ready time: spawn to the first 200, three times each; the median is reported.
  const readyMock = [];
  const readyPrism = [];
  let mock;
  let mockPort;
  let prismPort;
  for (let round = 0; round < 3; round++) {
    const last = round === 2;
    mockPort = await freePort();
    const m = await spawnServer(
      'segmind-mock',
      process.execPath,
      [MOCK_BIN, '--port', String(mockPort), '--clock', 'virtual', '--log-level', 'warn'],
      () => fetch(`http://127.0.0.1:${mockPort}/__mock/health`),
    );
    readyMock.push(m.readyMs);
    if (last) mock = m.child;
    else m.child.kill('SIGKILL');

    prismPort = await freePort();
    const p = await spawnServer(
      'prism',
      process.execPath,
      [PRISM, 'mock', SPEC, '--port', String(prismPort), '--host', '127.0.0.1', '-v', 'warn'],
      () =>
        fetch(`http://127.0.0.1:${prismPort}/v2/requests/${'7f3c9a2e'}/status`, {
          headers: { 'x-api-key': KEY },
        }),
    );
    readyPrism.push(p.readyMs);
    // The last Prism stays up for the races (children are all killed on exit).
    if (!last) p.child.kill('SIGKILL');
  }
  const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

  const barePort = await freePort();
  await spawnServer(
    'bare node:http',
    process.execPath,
    [
      '-e',
      `const body = ${JSON.stringify(STATUS_BODY)};
       require('node:http').createServer((req, res) => {
         req.resume();
         req.on('end', () => {
           res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
           res.end(body);
         });
       }).listen(${barePort}, '127.0.0.1');`,
    ],
    () => fetch(`http://127.0.0.1:${barePort}/`),
  );

  // The mock with its state on Redis, when redis-server is installed.
  const redisServer = findRedisServer();
  let redis;
  let redisMockPort;
  if (redisServer) {
    redis = await startRedis(redisServer);
    redisMockPort = await freePort();
    await spawnServer(
      'segmind-mock (redis)',
      process.execPath,
      [
        MOCK_BIN,
        '--port',
        String(redisMockPort),
        '--clock',
        'virtual',
        '--log-level',
        'warn',
        '--store',
        redis.url,
        '--store-prefix',
        'bench',
      ],
      () => fetch(`http://127.0.0.1:${redisMockPort}/__mock/health`),
    );
  }

  // Idle RSS: the mock process after start-up, before any load.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const idleRss = rssOf(mock.pid);

  // A job whose status the GET race reads (the virtual clock keeps it QUEUED).
  const submitted = await fetch(`http://127.0.0.1:${mockPort}/v2/background-eraser`, {
    method: 'POST',
    headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
    body: SUBMIT_BODY,
  });
  const { request_id: requestId } = await submitted.json();
  const statusPath = `/v2/requests/${requestId}/status`;
  let redisStatusPath;
  if (redis) {
    const onRedis = await fetch(`http://127.0.0.1:${redisMockPort}/v2/background-eraser`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      body: SUBMIT_BODY,
    });
    redisStatusPath = `/v2/requests/${(await onRedis.json()).request_id}/status`;
  }

  const servers = {
    'segmind-mock': `http://127.0.0.1:${mockPort}`,
    prism: `http://127.0.0.1:${prismPort}`,
    'bare node:http': `http://127.0.0.1:${barePort}`,
    ...(redis ? { 'segmind-mock (redis)': `http://127.0.0.1:${redisMockPort}` } : {}),
  };
  const scenarios = {
    'status GET': { path: statusPath, request: {} },
    'submit POST': {
      path: '/v2/background-eraser',
      request: { method: 'POST', body: SUBMIT_BODY },
    },
  };
  const results = {};
  for (const [scenario, { path, request }] of Object.entries(scenarios)) {
    results[scenario] = {};
    for (const [server, origin] of Object.entries(servers)) {
      if (process.stdout.isTTY) process.stdout.write(`  running ${scenario} on ${server}…\r`);
      const onRedis = server === 'segmind-mock (redis)';
      const target = onRedis && scenario === 'status GET' ? redisStatusPath : path;
      results[scenario][server] = await race(
        `${origin}${target}`,
        request,
        onRedis ? redis : undefined,
      );
    }
  }
  if (process.stdout.isTTY) process.stdout.write(`${' '.repeat(60)}\r`);
  const loadedRss = rssOf(mock.pid);

  // 100,000 retained jobs, in a fresh process so nothing else sits on the heap.
  const heapRun = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', here('./server-jobs-heap.mjs'), String(JOBS)],
    { maxBuffer: 1024 * 1024 },
  );
  const heap = JSON.parse(heapRun.stdout);

  const rows = [
    ['scenario', 'server', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'non-2xx', 'errors'],
  ];
  for (const [scenario, byServer] of Object.entries(results)) {
    for (const [server, r] of Object.entries(byServer)) {
      rows.push([
        scenario,
        server,
        fixed(r.rps, 0),
        String(r.p50),
        String(r.p99),
        String(r.total),
        String(r.non2xx),
        String(r.errors),
      ]);
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row) =>
    `| ${row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
  console.log(line(rows[0]));
  console.log(
    `|${widths.map((w, i) => (i < 2 ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|')}|`,
  );
  for (const row of rows.slice(1)) console.log(line(row));

  const s = results['status GET'];
  const p = results['submit POST'];
  const ratio = (a, b) => a / b;
  const statusVsPrism = ratio(s['segmind-mock'].rps, s.prism.rps);
  const statusVsBare = ratio(s['segmind-mock'].rps, s['bare node:http'].rps);
  const submitVsPrism = ratio(p['segmind-mock'].rps, p.prism.rps);
  const submitVsBare = ratio(p['segmind-mock'].rps, p['bare node:http'].rps);
  const mockP99 = Math.max(s['segmind-mock'].p99, p['segmind-mock'].p99);
  const readyMockMs = median(readyMock);
  const readyPrismMs = median(readyPrism);

  console.log(`
Ratios: status GET mock/prism ${fixed(statusVsPrism)}×, mock/bare ${fixed(statusVsBare, 2)}×; submit POST mock/prism ${fixed(submitVsPrism)}×, mock/bare ${fixed(submitVsBare, 2)}×
Ready (spawn → first 200, median of 3): segmind-mock ${fixed(readyMockMs, 0)} ms [${readyMock.map((n) => n.toFixed(0)).join(', ')}], prism ${fixed(readyPrismMs, 0)} ms [${readyPrism.map((n) => n.toFixed(0)).join(', ')}]
segmind-mock RSS: idle ${mb(idleRss)} MB, after the races ${mb(loadedRss)} MB
${heap.jobs.toLocaleString('en')} retained jobs: heap ${mb(heap.heapBeforeBytes)} → ${mb(heap.heapAfterBytes)} MB, +${mb(heap.addedBytes)} MB (${fixed(heap.addedBytes / heap.jobs, 0)} bytes a job; ${fixed(heap.jobs / heap.seconds, 0)} submits/s through handle())
`);

  const targets = [
    ['status GET ≥ 10× Prism', statusVsPrism >= 10, `${fixed(statusVsPrism)}×`],
    ['status GET ≥ 0.5× bare node:http', statusVsBare >= 0.5, `${fixed(statusVsBare, 2)}×`],
    ['submit POST ≥ 8× Prism', submitVsPrism >= 8, `${fixed(submitVsPrism)}×`],
    ['p99 ≤ 5 ms (mock, both scenarios)', mockP99 <= 5, `${mockP99} ms`],
    ['ready ≤ 300 ms', readyMockMs <= 300, `${fixed(readyMockMs, 0)} ms`],
    ['idle RSS ≤ 100 MB', idleRss <= 100 * 1024 * 1024, `${mb(idleRss)} MB`],
    [
      '100,000 jobs add ≤ 64 MB of heap',
      heap.addedBytes <= 64 * 1024 * 1024,
      `${mb(heap.addedBytes)} MB`,
    ],
  ];
  if (redis) {
    console.log('State store, one instance: memory vs Redis (a private redis-server on loopback)');
    for (const [scenario, byServer] of Object.entries(results)) {
      const memory = byServer['segmind-mock'];
      const shared = byServer['segmind-mock (redis)'];
      console.log(
        `  ${scenario.padEnd(11)} memory ${fixed(memory.rps, 0).padStart(6)} req/s p99 ${String(memory.p99).padStart(3)} ms` +
          ` | redis ${fixed(shared.rps, 0).padStart(6)} req/s p99 ${String(shared.p99).padStart(3)} ms` +
          ` (${fixed(shared.rps / memory.rps, 2)}×) | Redis per request: ${fixed(shared.evalshaPerRequest, 2)} round trip (EVALSHA), ` +
          `${fixed(shared.commandsPerRequest, 2)} commands run in all`,
      );
    }
    console.log('');
    await redis.client.quit();
  } else {
    console.log('(redis-server not installed: the Redis store is not measured)\n');
  }

  console.log('Targets:');
  for (const [name, met, figure] of targets)
    console.log(`  ${met ? 'met   ' : 'MISSED'}  ${name.padEnd(36)} ${figure}`);
  const missed = targets.filter(([, met]) => !met).length;
  console.log(missed === 0 ? '\nEvery target met.' : `\n${missed} target(s) missed.`);
  stopAll();
  if (args.check && missed > 0) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  stopAll();
  process.exitCode = 1;
});
