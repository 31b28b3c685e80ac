// @ts-check
/**
 * The HTML shell shared by the reference and the guides: one header with the same navigation on
 * every page, a strict Content-Security-Policy, and nothing loaded from another origin.
 */

/**
 * Only this origin may serve scripts, styles, fonts and images. Requests from try-it may also go
 * to a loopback mock on another port; anything else, Segmind's production API included, is
 * refused by the browser itself, so a page can never leak a request off the machine.
 * Scalar injects its styles at run time, hence `'unsafe-inline'` for styles only.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: http://127.0.0.1:* http://localhost:*",
  "font-src 'self' data:",
  "connect-src 'self' http://127.0.0.1:* http://localhost:*",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/**
 * @typedef {{ slug: string, title: string, summary: string }} GuideLink
 */

/**
 * @param {string} text
 * @returns {string}
 */
export function escapeHtml(text) {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/**
 * The navigation bar. `root` is the relative path from the page to the site root (`''` or
 * `'../'`), so the site works from any folder, from `/docs` on the mock or from the disk.
 *
 * @param {{ root: string, current: string, guides: GuideLink[] }} options
 * @returns {string}
 */
export function navigation({ root, current, guides }) {
  const link = (
    /** @type {string} */ href,
    /** @type {string} */ label,
    /** @type {string} */ id,
  ) =>
    `<a href="${root}${href}"${id === current ? ' aria-current="page"' : ''}>${escapeHtml(label)}</a>`;
  return [
    '<header class="site-nav">',
    `  <a class="brand" href="${root}index.html">segmind-ts</a>`,
    '  <nav aria-label="Documentation">',
    `    ${link('index.html', 'API reference', 'reference')}`,
    ...guides.map((guide) => `    ${link(`guides/${guide.slug}.html`, guide.title, guide.slug)}`),
    '  </nav>',
    // Shown by assets/mock-console-link.js only where segmind-mock serves these pages.
    '  <a class="mock-console" href="/__mock/console" data-mock-console hidden>Mock console</a>',
    current === 'reference'
      ? ''
      : '  <button type="button" class="theme-toggle" data-theme-toggle aria-label="Toggle dark mode">◐</button>',
    '</header>',
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * A complete page.
 *
 * @param {{ title: string, root: string, current: string, guides: GuideLink[], bodyClass: string, main: string, scripts: string[] }} options
 * @returns {string}
 */
export function page({ title, root, current, guides, bodyClass, main, scripts }) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · segmind-ts</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${root}assets/docs.css">
<script src="${root}assets/theme.js"></script>
<script src="${root}assets/mock-console-link.js" defer></script>
</head>
<body class="${bodyClass}">
${navigation({ root, current, guides })}
${main}
${scripts.map((src) => `<script src="${root}${src}"></script>`).join('\n')}
</body>
</html>
`;
}
