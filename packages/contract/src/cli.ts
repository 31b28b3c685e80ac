#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { judgeMain } from './judge-cli.js';
import type { ContractKeys } from './keys.js';
import { formatSummary } from './report.js';
import { runContractSuite } from './suite.js';

const HELP = `segmind-contract: run the Segmind contract suite against a target and judge every answer
against the OpenAPI spec (@segmind-ts/spec).

Usage:
  segmind-contract --base-url URL [--api-key KEY] [--control-url URL] [--report FILE]
  segmind-contract judge FILE.har [--report FILE]   (judge a recording: judge --help)

Options:
  --base-url URL        Origin of the target: a segmind-mock server, a gateway, a stub, or
                        https://api.segmind.com (required).
  --api-key KEY         Sent as x-api-key. Default: $SEGMIND_API_KEY, else a placeholder that a
                        mock accepts.
  --control-url URL     A mock's control API (http://host:port/__mock, or its origin). With it
                        the suite drives the mock's clock, scripted failures and faults;
                        without it, it waits in real time and skips the checks that need control.
                        It reads the clock first (GET /__mock/clock): a virtual or auto clock
                        is advanced; on a real clock jobs are waited for in real time at the
                        clock's speed and the 1 h expiry check is skipped. A control API that
                        does not answer is a setup error (exit 2).
  --admin-token TOKEN   Bearer token for a control API started with --admin-token.
  --invalid-key KEY     A key the target does not accept: a status poll with it must answer 401.
  --forbidden-key KEY   A key the target knows but refuses: a submit with it must answer 403.
  --broke-key KEY       A key without credits for any model: a v1 call with it must answer 406.
  --rate-limited-key KEY
                        A key the suite may exhaust with status polls (no credits spent): it
                        must answer 429 by call N+1, and serve again after its Retry-After.
  --rate-limit N        Calls a minute the target allows --rate-limited-key (default 50).
                        With a key, a check uses the target's own 403/406/429; without it,
                        the error is injected through --control-url, or the check is skipped.
  --budget-credits N    Credit-spending calls allowed (v1 calls and v2 submits, each counted as
                        one credit). Default: unlimited on a loopback target or with
                        --control-url, 0 anywhere else: the suite refuses to spend credits on
                        the real API unless told how many.
  --report FILE         Write the JSON report there (each check, its violations, request ids,
                        timing, and every exchange).
  --behind-prism        Prism stands between the suite and the target (binary bodies judged by
                        status and content type; Prism's refusals of on-purpose bad input
                        expected; scenarios it cannot forward skipped).
  --upstream-origin URL The origin a proxy forwards to; job URLs there are polled through it.
  --max-wait SECONDS    Longest real wait for a job when time passes for real (default 120).
  --only REGEX          Run only the checks whose name matches.
  -h, --help            Show this help.

Exit code: 0 exactly when every check passes (skips are listed, not failures), 1 when a check
fails, 2 on bad arguments or a control API whose clock cannot be read.`;

async function main(): Promise<number> {
  let values: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      options: {
        'base-url': { type: 'string' },
        'api-key': { type: 'string' },
        'control-url': { type: 'string' },
        'admin-token': { type: 'string' },
        'invalid-key': { type: 'string' },
        'forbidden-key': { type: 'string' },
        'broke-key': { type: 'string' },
        'rate-limited-key': { type: 'string' },
        'rate-limit': { type: 'string' },
        'budget-credits': { type: 'string' },
        report: { type: 'string' },
        'behind-prism': { type: 'boolean' },
        'upstream-origin': { type: 'string' },
        'max-wait': { type: 'string' },
        only: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  }
  try {
    values = parse();
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const baseUrl = values['base-url'];
  if (!baseUrl || !URL.canParse(baseUrl)) {
    console.error(`--base-url must be an absolute URL.\n\n${HELP}`);
    return 2;
  }
  const number = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < 0)
      throw new TypeError(`${name} must be a number >= 0`);
    return parsed;
  };
  let budgetCredits: number | undefined;
  let maxWait: number | undefined;
  let rateLimit: number | undefined;
  try {
    budgetCredits = number('--budget-credits', values['budget-credits']);
    maxWait = number('--max-wait', values['max-wait']);
    rateLimit = number('--rate-limit', values['rate-limit']);
    if (rateLimit !== undefined && !(Number.isInteger(rateLimit) && rateLimit > 0)) {
      throw new TypeError('--rate-limit must be an integer > 0');
    }
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }

  const keys: ContractKeys = {
    ...(values['invalid-key'] ? { invalid: values['invalid-key'] } : {}),
    ...(values['forbidden-key'] ? { forbidden: values['forbidden-key'] } : {}),
    ...(values['broke-key'] ? { broke: values['broke-key'] } : {}),
    ...(values['rate-limited-key'] ? { rateLimited: values['rate-limited-key'] } : {}),
  };
  const report = await runContractSuite({
    baseUrl,
    ...(values['api-key'] ? { apiKey: values['api-key'] } : {}),
    ...(values['control-url'] ? { control: values['control-url'] } : {}),
    ...(values['admin-token'] ? { adminToken: values['admin-token'] } : {}),
    keys,
    ...(rateLimit !== undefined ? { rateLimit } : {}),
    ...(budgetCredits !== undefined ? { budgetCredits } : {}),
    ...(values['behind-prism'] ? { behindPrism: true } : {}),
    ...(values['upstream-origin'] ? { upstreamOrigin: values['upstream-origin'] } : {}),
    ...(maxWait !== undefined ? { maxWaitMs: maxWait * 1000 } : {}),
    ...(values.only ? { only: new RegExp(values.only) } : {}),
  });
  console.log(formatSummary(report));
  if (values.report) {
    writeFileSync(values.report, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`report: ${values.report}`);
  }
  return report.ok ? 0 : 1;
}

(process.argv[2] === 'judge' ? judgeMain(process.argv.slice(3)) : main()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  },
);
