import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  curlSample,
  modelOf,
  pythonSample,
  TYPESCRIPT_EXAMPLES,
} from '../scripts/lib/code-samples.mjs';
import { decorateSpec, LOCAL_MOCK_SERVER, listOperations } from '../scripts/lib/spec.mjs';

const require = createRequire(import.meta.url);
const spec = JSON.parse(readFileSync(require.resolve('@segmind-ts/spec/openapi.json'), 'utf8'));
const operations = listOperations(spec);
const byId = (id: string) => {
  const found = operations.find((operation) => operation.operationId === id);
  if (!found) throw new Error(`no operation ${id}`);
  return found;
};

describe('the operations of the spec', () => {
  it('each have a TypeScript example, and no example documents a missing operation', () => {
    expect(Object.keys(TYPESCRIPT_EXAMPLES).sort()).toEqual(
      operations.map((operation) => operation.operationId).sort(),
    );
  });

  it('carry the first request example of their body', () => {
    expect(byId('backgroundEraserSubmit').body).toMatchObject({ return_mask: false, grow_mask: 0 });
    expect(byId('getRequestStatus').body).toBeUndefined();
  });
});

describe('curl samples', () => {
  it('send the key, the JSON body and honour SEGMIND_BASE_URL', () => {
    const curl = curlSample(byId('backgroundEraserSubmit'));
    expect(curl).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion
      'curl -sS -X POST "${SEGMIND_BASE_URL:-https://api.segmind.com}/v2/background-eraser"',
    );
    expect(curl).toContain('-H "x-api-key: $SEGMIND_API_KEY"');
    expect(curl).toContain('"grow_mask": 0');
    expect(curl).not.toContain('-o output.png');
  });

  it("default to the spec's first server, in curl and in plain Python", () => {
    const moved = structuredClone(spec);
    moved.servers[0].url = 'https://moved.example';
    const credits = listOperations(moved).find((o) => o.operationId === 'getUserCredits');
    if (!credits) throw new Error('no operation getUserCredits');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion
    expect(curlSample(credits)).toContain('"${SEGMIND_BASE_URL:-https://moved.example}/v1/');
    expect(pythonSample(credits)).toContain('"SEGMIND_BASE_URL", "https://moved.example")');
  });

  it('write the v1 image to a file, and put the id in the request paths', () => {
    expect(curlSample(byId('briaEraseForegroundSync'))).toContain('-o output.png');
    expect(curlSample(byId('getRequestResult'))).toContain('/v2/requests/$REQUEST_ID"');
    expect(curlSample(byId('getRequestResult'))).not.toContain('-d ');
    expect(curlSample(byId('getUserCredits'))).not.toContain('-o output.png');
  });
});

describe('Python samples', () => {
  it('use submit_async and wait for v2, with Python literals', () => {
    const python = pythonSample(byId('backgroundEraserSubmit'));
    expect(python).toContain('job = client.submit_async(\n    "background-eraser",');
    expect(python).toContain('    return_mask=False,');
    expect(python).toContain('job.wait(timeout=600, interval=1.0)');
    expect(python).toContain('except InferenceFailed as e:');
  });

  it('use run_sync for v1 and explain the request endpoints', () => {
    expect(pythonSample(byId('briaEraseForegroundSync'))).toContain(
      'response = client.run_sync(\n    "bria-erase-foreground",\n    image=',
    );
    expect(pythonSample(byId('getRequestStatus'))).toContain('polls this endpoint');
    expect(pythonSample(byId('getRequestResult'))).toContain('response_url');
  });

  it('GET with the standard library what the SDK has no call for', () => {
    expect(pythonSample(byId('getUserCredits'))).toContain(
      'urllib.request.Request(base_url + "/v1/get-user-credits"',
    );
    expect(pythonSample(byId('getRequestV1'))).toContain(
      'urllib.request.Request(base_url + "/v1/requests/" + request_id, headers=',
    );
  });

  it('are valid Python for every operation (parsed by python3, since the SDK cannot be run here)', () => {
    for (const operation of operations) {
      const python = pythonSample(operation);
      // ast.parse raises SyntaxError, making python3 exit non-zero and execFileSync throw.
      execFileSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], {
        input: python,
      });
      expect(python, operation.operationId).toMatch(
        /^import segmind|from segmind import|^import urllib\.request/m,
      );
    }
  });

  it('knows the model of a path', () => {
    expect(modelOf('/v1/background-eraser')).toBe('background-eraser');
    expect(modelOf('/v2/requests/{request_id}')).toBeUndefined();
  });
});

describe('decorateSpec', () => {
  const samples = Object.fromEntries(operations.map((o) => [o.operationId, `// ${o.operationId}`]));
  const guides = [{ slug: 'quickstart', title: 'Quickstart', summary: 'start here.' }];

  it('adds three samples to every operation, the mock server and the guides, without mutating', () => {
    const before = JSON.stringify(spec);
    const decorated = decorateSpec(spec, samples, guides);
    expect(JSON.stringify(spec)).toBe(before);
    for (const operation of listOperations(decorated)) {
      const codeSamples = decorated.paths[operation.path][operation.method]['x-codeSamples'];
      expect(codeSamples.map((sample: { label: string }) => sample.label)).toEqual([
        'TypeScript',
        'curl',
        'Python',
      ]);
      expect(codeSamples[0].source).toBe(`// ${operation.operationId}`);
    }
    expect(decorated.servers).toEqual([...spec.servers, LOCAL_MOCK_SERVER]);
    expect(decorated.info.description).toContain(
      '- [Quickstart](guides/quickstart.html): start here.',
    );
  });

  it('refuses an operation without a TypeScript sample', () => {
    const { getRequestResult: _dropped, ...partial } = samples;
    expect(() => decorateSpec(spec, partial, guides)).toThrow(
      'No TypeScript sample for getRequestResult',
    );
  });
});
