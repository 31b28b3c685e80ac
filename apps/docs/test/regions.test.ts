import { describe, expect, it } from 'vitest';
import { extractRegion } from '../scripts/lib/regions.mjs';

describe('extractRegion', () => {
  it('joins every block of the region, each dedented, with one blank line between', () => {
    const source = [
      '// #region sample',
      "import { Segmind } from '@segmind-ts/client';",
      '// #endregion',
      '',
      'export async function main() {',
      '  // #region sample',
      '  const segmind = new Segmind();',
      '',
      '  if (segmind) {',
      '    console.log(1);',
      '  }',
      '  // #endregion',
      '  return segmind;',
      '}',
    ].join('\n');
    expect(extractRegion(source)).toBe(
      [
        "import { Segmind } from '@segmind-ts/client';",
        '',
        'const segmind = new Segmind();',
        '',
        'if (segmind) {',
        '  console.log(1);',
        '}',
      ].join('\n'),
    );
  });

  it('keeps only the region asked for', () => {
    const source =
      '// #region a\nconst a = 1;\n// #endregion\n// #region b\nconst b = 2;\n// #endregion';
    expect(extractRegion(source, 'b')).toBe('const b = 2;');
  });

  it('trims blank lines at the edges of a block and handles CRLF files', () => {
    expect(extractRegion('// #region sample\r\n\r\n  x();\r\n\r\n// #endregion\r\n')).toBe('x();');
  });

  it('fails on a file without the region, naming the file', () => {
    expect(() => extractRegion('const x = 1;', 'sample', 'examples/x.ts')).toThrow(
      'examples/x.ts: no "// #region sample" block',
    );
  });

  it('fails on a region that is never closed', () => {
    expect(() => extractRegion('// #region sample\nconst x = 1;', 'sample', 'x.ts')).toThrow(
      'x.ts:1: #region sample is never closed',
    );
  });

  it('fails on a region opened inside another', () => {
    expect(() =>
      extractRegion('// #region sample\n// #region sample\n// #endregion', 'sample', 'x.ts'),
    ).toThrow('x.ts:2: #region inside the region opened at line 1');
  });
});
