// @ts-check
/**
 * Extracts the marked regions of an example file. A sample is every `// #region <name>` …
 * `// #endregion` block of the file, in order, each dedented, joined by one blank line. Several
 * blocks let a sample show the `import` lines at the top of the file and the body of a function
 * further down, while the rest of the file (the function around the body, what it returns to
 * the test) stays out of the docs.
 */

const START = /^\s*\/\/\s*#region\s+(\S+)\s*$/;
const END = /^\s*\/\/\s*#endregion\b.*$/;

/**
 * Returns the text of every region called `name` in `source`, dedented and joined.
 * Throws when the file has no such region, or when the markers do not pair up, so that a
 * broken example fails the build instead of shipping an empty sample.
 *
 * @param {string} source the example file's text
 * @param {string} [name] the region's name, `sample` by default
 * @param {string} [file] the file's name, for error messages
 * @returns {string}
 */
export function extractRegion(source, name = 'sample', file = '<source>') {
  const lines = source.split(/\r?\n/);
  /** @type {string[][]} */
  const blocks = [];
  /** @type {string[] | undefined} */
  let current;
  let openedAt = 0;
  lines.forEach((line, index) => {
    const start = START.exec(line);
    if (start) {
      if (current) {
        throw new Error(
          `${file}:${index + 1}: #region inside the region opened at line ${openedAt}`,
        );
      }
      if (start[1] === name) {
        current = [];
        openedAt = index + 1;
      }
      return;
    }
    if (END.test(line)) {
      if (current) blocks.push(current);
      current = undefined;
      return;
    }
    current?.push(line);
  });
  if (current) throw new Error(`${file}:${openedAt}: #region ${name} is never closed`);
  if (blocks.length === 0) throw new Error(`${file}: no "// #region ${name}" block`);
  return blocks.map((block) => dedent(trimBlankLines(block)).join('\n')).join('\n\n');
}

/**
 * @param {string[]} block
 * @returns {string[]}
 */
function trimBlankLines(block) {
  let start = 0;
  let end = block.length;
  while (start < end && block[start]?.trim() === '') start++;
  while (end > start && block[end - 1]?.trim() === '') end--;
  return block.slice(start, end);
}

/**
 * Removes the indentation common to every non-blank line.
 *
 * @param {string[]} block
 * @returns {string[]}
 */
function dedent(block) {
  const indents = block
    .filter((line) => line.trim() !== '')
    .map((line) => /^\s*/.exec(line)?.[0].length ?? 0);
  const common = indents.length === 0 ? 0 : Math.min(...indents);
  return block.map((line) => (line.trim() === '' ? '' : line.slice(common)));
}
