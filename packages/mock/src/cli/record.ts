import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type RecordingProxy, startRecordingProxy } from '../record/proxy.js';
import type { CliIo } from './main.js';

/** The help of `segmind-mock record`. */
export const RECORD_HELP = `segmind-mock record: a recording proxy. It forwards each request unchanged to the upstream,
streams the answer back, and writes every exchange to a HAR 1.2 file, with the API key and any
other secret removed and images referenced rather than inlined. Judge the file with
\`segmind-contract judge FILE.har\`; calibrate the mock with \`segmind-mock --timings-from FILE.har\`.

Usage: segmind-mock record --upstream URL --out FILE.har --max-requests N [--port P] [--host HOST]

Options:
  --upstream URL        Where requests go, e.g. https://api.segmind.com (required). The API key
                        your client sends goes there and nowhere else.
  --out FILE.har        The recording, rewritten after every exchange (required).
  --max-requests N      Requests it may forward (required): past them every request is refused
                        with a 503, so a run never costs more than you allowed.
  --port P              Port to listen on [default: 4020]; 0 picks a free one.
  --host HOST           Interface to listen on [default: 127.0.0.1].
  -h, --help            Show this help.

JSON answers that carry absolute URLs on the upstream (status_url, response_url, poll_url) reach
the client pointing at the proxy, so that a client following them stays on the recording; the
HAR keeps what the upstream sent.

Example, against the real API with at most 40 requests:
  segmind-mock record --upstream https://api.segmind.com --out segmind.har --max-requests 40
  # then, elsewhere: new Segmind({ baseUrl: 'http://127.0.0.1:4020' }), or Segmind's Python SDK
  # with base_url="http://127.0.0.1:4020/v1"
`;

/** A usage mistake of `segmind-mock record`. */
function usage(io: CliIo, message: string): undefined {
  io.stderr(`segmind-mock record: ${message}\nRun segmind-mock record --help for the options.\n`);
  process.exitCode = 2;
  return undefined;
}

/**
 * Runs `segmind-mock record` with `argv` (after the word `record`): starts the proxy, reports
 * each exchange, and stops on SIGINT or SIGTERM saying what was recorded. Returns the running
 * proxy, or `undefined` after help or a usage mistake (exit code 2).
 */
export async function recordMain(
  argv: readonly string[],
  version: string,
  io: CliIo,
  cwd: string = process.cwd(),
): Promise<RecordingProxy | undefined> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        upstream: { type: 'string' },
        out: { type: 'string' },
        'max-requests': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    return usage(io, (error as Error).message);
  }
  if (values.help) {
    io.stdout(RECORD_HELP);
    return undefined;
  }
  const upstream = values.upstream as string | undefined;
  if (!upstream || !/^https?:\/\//.test(upstream) || !URL.canParse(upstream)) {
    return usage(io, '--upstream must be an absolute http(s) URL, e.g. https://api.segmind.com');
  }
  if (!values.out) return usage(io, '--out FILE.har is required');
  const maxRequests = Number(values['max-requests']);
  if (!(Number.isInteger(maxRequests) && maxRequests > 0)) {
    return usage(io, '--max-requests must be given, an integer > 0: the budget of the recording');
  }
  const port = values.port === undefined ? 4020 : Number(values.port);
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    return usage(io, '--port must be an integer from 0 to 65535');
  }
  const out = resolve(cwd, values.out as string);
  let proxy: RecordingProxy;
  try {
    proxy = await startRecordingProxy({
      upstream,
      out,
      maxRequests,
      port,
      host: (values.host as string | undefined) ?? '127.0.0.1',
      version,
      log: (line) => io.stdout(`  ${line}\n`),
    });
  } catch (error) {
    io.stderr(`segmind-mock record: cannot start: ${(error as Error).message}\n`);
    process.exitCode = 1;
    return undefined;
  }
  io.stdout(
    `segmind-mock record ${version}: ${proxy.url} → ${proxy.upstream}, writing ${out} (budget: ${maxRequests} requests)\n` +
      `  point your client at ${proxy.url} (Segmind's Python SDK: base_url="${proxy.url}/v1"); Ctrl+C stops\n`,
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    io.onSignal(signal, () => {
      void proxy.close().then(() => {
        io.stdout(
          `\nrecorded ${proxy.recorded()} exchange(s) to ${out}${proxy.refused() ? `; refused ${proxy.refused()} past the budget` : ''}\n`,
        );
      });
    });
  }
  return proxy;
}
