// A field of the v2 submit answer renamed in spec/components/async.yaml of a copy: `status_url`
// becomes `status_uri` in the SubmitResponse schema (its property and its required list) and in
// the example of the Submitted response. The status body keeps its own `status_url`.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const RENAMED = { from: 'status_url', to: 'status_uri' } as const;

/**
 * The block of a top-level entry of a section (two spaces in): from `  <name>:` to the next line
 * at that indentation or less.
 */
function blockOf(text: string, name: string): { start: number; end: number } {
  const start = text.search(new RegExp(`^ {2}${name}:\\n`, 'm'));
  if (start < 0) throw new Error(`spec/components/async.yaml has no entry ${name}`);
  const body = text.indexOf('\n', start) + 1;
  const next = text.slice(body).search(/^ {0,2}\S/m);
  return { start, end: next < 0 ? text.length : body + next };
}

/** Renames the field in the copy at `root`; fails when a block does not name it. */
export async function renameSubmitField(root: string): Promise<void> {
  const file = join(root, 'spec', 'components', 'async.yaml');
  let text = await readFile(file, 'utf8');
  for (const name of ['SubmitResponse', 'Submitted']) {
    const { start, end } = blockOf(text, name);
    const block = text.slice(start, end);
    if (!block.includes(RENAMED.from)) {
      throw new Error(`spec/components/async.yaml: ${name} does not name ${RENAMED.from}`);
    }
    text = text.slice(0, start) + block.replaceAll(RENAMED.from, RENAMED.to) + text.slice(end);
  }
  await writeFile(file, text);
}
