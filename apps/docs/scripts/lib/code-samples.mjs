// @ts-check
/**
 * Builds the `x-codeSamples` of every operation: TypeScript extracted from the compiled and
 * tested files under `examples/` (hand-written for the request endpoints, generated from the
 * model registry for each model's two operations), curl and Python written from the operation
 * itself (its path and the first example of its request body), so that they follow the spec when
 * it changes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MODEL_EXAMPLES, MODELS } from '@segmind-ts/spec';
import { modelSamples } from './model-samples.mjs';
import { extractRegion } from './regions.mjs';

/**
 * The hand-written example of each endpoint that serves every model. The build fails for an
 * operation with no example, so a new endpoint cannot ship without a tested sample.
 *
 * @type {Readonly<Record<string, string>>}
 */
export const REQUEST_EXAMPLES = Object.freeze({
  getRequestStatus: 'job-status.ts',
  getRequestResult: 'job-result.ts',
  getRequestV1: 'job-poll-v1.ts',
  getUserCredits: 'credits.ts',
});

/**
 * The example file whose `sample` region documents each operation: the request endpoints'
 * hand-written ones, and for each model of the registry its two generated samples.
 *
 * @param {Parameters<typeof modelSamples>[0]} [models]
 * @param {Parameters<typeof modelSamples>[1]} [examples]
 * @returns {Readonly<Record<string, string>>}
 */
export function typescriptExamples(models = MODELS, examples = MODEL_EXAMPLES) {
  /** @type {Record<string, string>} */
  const files = { ...REQUEST_EXAMPLES };
  for (const sample of modelSamples(models, examples)) files[sample.operationId] = sample.file;
  return Object.freeze(files);
}

/** The example of each operation of the spec. */
export const TYPESCRIPT_EXAMPLES = typescriptExamples();

/** Where a reader points the curl samples at the local mock instead of Segmind. */
export const BASE_URL_VARIABLE = 'SEGMIND_BASE_URL';

/**
 * @typedef {{ lang: string, label: string, source: string }} CodeSample
 * @typedef {{ method: string, path: string, operationId: string, origin: string, body?: Record<string, unknown> }} OperationInfo
 */

/**
 * Reads the `sample` region of an example file.
 *
 * @param {string} examplesDir
 * @param {string} file
 * @returns {Promise<string>}
 */
export async function readTypeScriptSample(examplesDir, file) {
  const source = await readFile(join(examplesDir, file), 'utf8');
  return extractRegion(source, 'sample', `examples/${file}`);
}

/**
 * The three samples of one operation, TypeScript first.
 *
 * @param {OperationInfo} operation
 * @param {string} typescript the extracted TypeScript sample
 * @returns {CodeSample[]}
 */
export function codeSamplesFor(operation, typescript) {
  return [
    { lang: 'typescript', label: 'TypeScript', source: typescript },
    { lang: 'shell', label: 'curl', source: curlSample(operation) },
    { lang: 'python', label: 'Python', source: pythonSample(operation) },
  ];
}

/**
 * A curl command for the operation. The origin comes from `SEGMIND_BASE_URL` when set, so the
 * same command runs against the local mock.
 *
 * @param {OperationInfo} operation
 * @returns {string}
 */
export function curlSample(operation) {
  const path = operation.path.replace('{request_id}', '$REQUEST_ID');
  const lines = [
    `# Against the local mock: export ${BASE_URL_VARIABLE}=http://127.0.0.1:4010`,
    `curl -sS -X ${operation.method.toUpperCase()} "\${${BASE_URL_VARIABLE}:-${operation.origin}}${path}" \\`,
    '  -H "x-api-key: $SEGMIND_API_KEY"',
  ];
  if (operation.body) {
    lines[lines.length - 1] += ' \\';
    lines.push('  -H "Content-Type: application/json" \\');
    lines.push(`  -d '${JSON.stringify(operation.body, null, 2).replace(/\n/g, '\n  ')}'`);
  }
  if (operation.method === 'post' && operation.path.startsWith('/v1/')) {
    // A v1 model call answers with the image bytes: write them to a file, not the terminal.
    lines[lines.length - 1] += ' \\';
    lines.push('  -o output.png -D - # the headers carry x-remaining-credits');
  }
  return lines.join('\n');
}

/**
 * A Python sample with Segmind's official SDK (`pip install "segmind>=1.1.0"`), in the shape of
 * the model pages: `submit_async` + `wait` for v2, `run_sync` for v1.
 *
 * @param {OperationInfo} operation
 * @returns {string}
 */
export function pythonSample(operation) {
  if (operation.operationId === 'getUserCredits' || operation.operationId === 'getRequestV1') {
    return plainGetSample(operation);
  }
  const model = modelOf(operation.path);
  if (operation.path.startsWith('/v1/') && model) {
    return [
      ...pythonHeader('SegmindClient'),
      '',
      '# The v1 call blocks until done and returns the raw HTTP response: the image bytes.',
      `response = client.run_sync(${pythonCall(model, operation.body)})`,
      'with open("output.png", "wb") as f:',
      '    f.write(response.content)',
    ].join('\n');
  }
  // The request endpoints have no call of their own in the SDK: `wait()` drives them.
  const note =
    operation.operationId === 'getRequestStatus'
      ? [
          "# job.wait() polls this endpoint (the job's absolute status_url) until COMPLETED or",
          '# FAILED; a FAILED job (HTTP 422) raises InferenceFailed without fetching the result.',
        ]
      : operation.operationId === 'getRequestResult'
        ? [
            "# On COMPLETED, job.wait() fetches this endpoint (the job's response_url) and returns it.",
          ]
        : [];
  const [slug, body] = model ? [model, operation.body] : defaultJob();
  return [
    ...pythonHeader('SegmindClient, InferenceFailed, InferenceTimeout'),
    '',
    `job = client.submit_async(${pythonCall(slug, body)})`,
    'print(job.request_id)  # available at once',
    ...note,
    'try:',
    '    result = job.wait(timeout=600, interval=1.0)',
    '    print(result["output"], result["metrics"]["inference_time"])',
    'except InferenceTimeout as e:',
    '    print("still running:", e.request_id)',
    'except InferenceFailed as e:',
    '    print("failed:", e.detail)',
  ].join('\n');
}

/**
 * A Python sample for an endpoint Segmind's SDK has no call for (the balance, the v1 poll): a
 * plain GET with the key, from the standard library.
 *
 * @param {OperationInfo} operation
 * @returns {string}
 */
function plainGetSample(operation) {
  const [head, tail] = operation.path.split('{request_id}');
  const url =
    tail === undefined
      ? `base_url + "${head}"`
      : `base_url + "${head}" + request_id${tail ? ` + "${tail}"` : ''}`;
  const comment =
    operation.operationId === 'getUserCredits'
      ? '# {"credits": ..., "free-credits": ...}'
      : "# the job's status body (undocumented by Segmind; prefer status_url)";
  return [
    "# Segmind's SDK has no call for this endpoint: a plain GET with the key.",
    'import json',
    'import os',
    'import urllib.request',
    '',
    `base_url = os.environ.get("${BASE_URL_VARIABLE}", "${operation.origin}")`,
    ...(operation.path.includes('{request_id}')
      ? ['request_id = "REQUEST_ID"  # the job\'s request_id']
      : []),
    `request = urllib.request.Request(${url}, headers={"x-api-key": os.environ["SEGMIND_API_KEY"]})`,
    `print(json.load(urllib.request.urlopen(request)))  ${comment}`,
  ].join('\n');
}

/**
 * The job the request endpoints' Python samples submit first: the registry's first model, with
 * the required properties of its request example.
 *
 * @returns {[string, Record<string, unknown>]}
 */
function defaultJob() {
  const [facts] = Object.values(MODELS);
  if (!facts) throw new Error('the spec has no model');
  /** @type {Readonly<Record<string, unknown>>} */
  const example = MODEL_EXAMPLES[facts.slug];
  const required = new Set(/** @type {readonly string[]} */ (facts.required));
  return [facts.slug, Object.fromEntries(Object.entries(example).filter(([k]) => required.has(k)))];
}

/**
 * @param {string} imports the names imported from `segmind`
 * @returns {string[]}
 */
function pythonHeader(imports) {
  return [
    '# pip install "segmind>=1.1.0"',
    '# export SEGMIND_API_KEY="YOUR_API_KEY"',
    `from segmind import ${imports}`,
    '',
    'client = SegmindClient()  # reads SEGMIND_API_KEY',
    '# Against the local mock: SegmindClient(base_url="http://127.0.0.1:4010/v1")',
  ];
}

/**
 * The model slug of a `/v1/{model}` or `/v2/{model}` path, or undefined for the request endpoints.
 *
 * @param {string} path
 * @returns {string | undefined}
 */
export function modelOf(path) {
  const match = /^\/v[12]\/([a-z0-9-]+)$/.exec(path);
  return match?.[1];
}

/**
 * `"model",\n    key=value,` arguments in Python syntax.
 *
 * @param {string} model
 * @param {Record<string, unknown> | undefined} body
 * @returns {string}
 */
function pythonCall(model, body) {
  const args = [JSON.stringify(model)];
  for (const [key, value] of Object.entries(body ?? {}))
    args.push(`${key}=${pythonLiteral(value)}`);
  return `\n    ${args.join(',\n    ')},\n`;
}

/**
 * @param {unknown} value
 * @returns {string}
 */
function pythonLiteral(value) {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'string' || typeof value === 'number') return JSON.stringify(value);
  throw new TypeError(`No Python literal for ${JSON.stringify(value)} in a request example`);
}
