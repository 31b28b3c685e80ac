// Writes the options section of packages/mock/README.md from the option table
// (src/options/table.ts). With --check it writes nothing and fails when the README differs from
// a fresh run; test/option-table.test.ts makes the same check in `pnpm test`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeOrCheck } from '@segmind-ts/spec/tooling';
import { withOptionsSection } from '../src/options/markdown.js';

const target = fileURLToPath(new URL('../README.md', import.meta.url));
writeOrCheck(target, withOptionsSection(readFileSync(target, 'utf8')));
