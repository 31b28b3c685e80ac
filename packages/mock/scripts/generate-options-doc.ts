// Writes the options section of packages/mock/README.md from the option table
// (src/options/table.ts). With --check it writes nothing and fails when the README differs from
// a fresh run; test/option-table.test.ts makes the same check in `pnpm test`.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withOptionsSection } from '../src/options/markdown.js';

const target = fileURLToPath(new URL('../README.md', import.meta.url));
const committed = readFileSync(target, 'utf8');
const generated = withOptionsSection(committed);

if (process.argv.includes('--check')) {
  if (committed !== generated) {
    console.error(
      'The options section of packages/mock/README.md is out of date with src/options/table.ts.\n' +
        'Run `pnpm --filter @segmind-ts/mock gen:options` and commit the result.',
    );
    process.exit(1);
  }
  console.log('The README options section matches the option table.');
} else {
  writeFileSync(target, generated);
  console.log(`wrote ${target}`);
}
