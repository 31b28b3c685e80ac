// Generates the spec package's TypeScript from the bundle (dist/openapi.json, written by
// `redocly bundle` first): src/generated/openapi.gen.ts (types) and registry.gen.ts (models and
// service facts). With --check it writes nothing and fails when a committed file is stale.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeOrCheck } from '../src/tooling/write-or-check.js';
import { registryOf } from './lib/registry.js';
import { typesOf } from './lib/types.js';

const spec = JSON.parse(readFileSync(new URL('../dist/openapi.json', import.meta.url), 'utf8'));
const target = (name: string) =>
  fileURLToPath(new URL(`../src/generated/${name}`, import.meta.url));

writeOrCheck(target('openapi.gen.ts'), await typesOf(spec));
writeOrCheck(target('registry.gen.ts'), registryOf(spec));
