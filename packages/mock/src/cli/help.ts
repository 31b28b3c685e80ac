import { MODELS } from '@segmind-ts/spec';
import { FLAGS, type FlagSpec } from './flags.js';
import { CONFIG_ENV } from './settings.js';

const COLUMN = 34;
const WIDTH = 100;
const INDENT = ''.padEnd(COLUMN);

/** `text` in lines that fit between the column and the width, each but the first indented. */
function wrapped(text: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && COLUMN + line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line].join(`\n${INDENT}`);
}

/** One setting's lines: flag and placeholder, what it does, its default, variable, older names. */
function helpRows(spec: FlagSpec): string {
  const left = `  --${spec.flag} ${spec.value}`;
  const variable = `env ${spec.env}${spec.multiple ? ' (comma-separated)' : ''}`;
  const older = spec.aliases.map((alias) => `; also --${alias.flag}, ${alias.env}`).join('');
  // A long placeholder pushes the text to the next line rather than out of its column.
  const head = left.length < COLUMN ? left.padEnd(COLUMN) : `${left}\n${INDENT}`;
  const doc = `${spec.doc.replaceAll('`', '')} [default: ${spec.defaultText}]`;
  return `${head}${wrapped(doc)}\n${INDENT}${wrapped(`${variable}${older}`)}`;
}

/** The `--help` text, built from the option table so it cannot drift from what is parsed. */
export function helpText(): string {
  return `segmind-mock: a stateful, spec-validated simulator of Segmind's image-editing API, for
the models of the spec (${Object.keys(MODELS).join(', ')}): v1 sync, v2 submit, status and
result, on a real HTTP port.

Usage: segmind-mock [options]
       segmind-mock record --upstream URL --out FILE.har --max-requests N [--port P]
                                  (a recording proxy: segmind-mock record --help)

Options (the same names and defaults as the options of createSegmindMock and startMockServer,
but where a default below says otherwise):
${FLAGS.map(helpRows).join('\n')}
  --config FILE                   A JSON file holding any of the settings above, keyed by
                                  their option names (port, rateLimit, apiKeys, ...).
                                  env ${CONFIG_ENV}
  -h, --help                      Show this help.
  -v, --version                   Show the version.

Precedence: flag, then environment variable, then config file, then default.

Control API (reserved prefix /__mock/, Bearer token when --admin-token is set):
  GET  /__mock/health               {"ok": true}
  POST /__mock/reset                forget jobs, journal, faults, outcomes, balances
  GET  /__mock/clock                the simulator clock
  POST /__mock/clock/advance        {"ms": N} moves a virtual or auto clock forward
  GET  /__mock/jobs                 every job; GET /__mock/jobs/{id} one job
  GET  /__mock/requests             the journal of requests and responses
  POST /__mock/outcomes             {"model"?, "status": "FAILED", "error", "times"?}
  POST /__mock/faults               {"method"?, "path"?, "status"?, "networkError"?,
                                     "times"?, "probability"?} ("*" in path matches anything)

Examples:
  segmind-mock --port 4010 --clock virtual
  segmind-mock --port 0 --clock auto          # for tests: polling clients finish at once
  segmind-mock --speed 10 --rate-limit free --api-keys test-key
  SEGMIND_MOCK_PORT=0 segmind-mock --config mock.json
`;
}
