import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { distDir } from './dist.js';

/** One code block as a reader sees it on a built guide page. */
export interface GuideBlock {
  /** `guides/<page>.html, code block <n>` (n counts every block of the page, from 1). */
  where: string;
  code: string;
}

/** Reverses the page's `escapeHtml` (`&` last, as it was escaped first). */
export function unescapeHtml(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

/** The code blocks of every built guide page whose language is in `langs`, in page order. */
export function guideBlocks(langs: ReadonlySet<string>): GuideBlock[] {
  const guidesDir = join(distDir, 'guides');
  return readdirSync(guidesDir)
    .filter((file) => file.endsWith('.html'))
    .sort()
    .flatMap((file) => {
      const html = readFileSync(join(guidesDir, file), 'utf8');
      const blocks = [
        ...html.matchAll(
          /<pre class="code" data-lang="([^"]*)"><code[^>]*>([\s\S]*?)<\/code><\/pre>/g,
        ),
      ];
      return blocks.flatMap(([, lang, code], index) =>
        langs.has(lang ?? '')
          ? [{ where: `guides/${file}, code block ${index + 1}`, code: unescapeHtml(code ?? '') }]
          : [],
      );
    });
}
