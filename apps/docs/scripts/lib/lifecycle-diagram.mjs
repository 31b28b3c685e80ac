// @ts-check
/**
 * The state diagram of a queued job, drawn as inline SVG at build time: no diagram library, no
 * script, nothing fetched. Colours come from CSS (`currentColor` and classes), so it follows the
 * light and dark themes.
 */

/**
 * @typedef {{ id: string, label: string, x: number, y: number, note: string, kind: string }} State
 */

const WIDTH = 150;
const HEIGHT = 50;

/** @type {State[]} */
const STATES = [
  {
    id: 'queued',
    label: 'QUEUED',
    x: 100,
    y: 110,
    note: 'status 200 · result 202',
    kind: 'pending',
  },
  {
    id: 'processing',
    label: 'PROCESSING',
    x: 310,
    y: 110,
    note: 'status 200 · result 202',
    kind: 'pending',
  },
  {
    id: 'completed',
    label: 'COMPLETED',
    x: 530,
    y: 30,
    note: 'status 200 · result 200',
    kind: 'done',
  },
  {
    id: 'failed',
    label: 'FAILED',
    x: 530,
    y: 190,
    note: 'status 422 · result 422',
    kind: 'failed',
  },
  {
    id: 'expired',
    label: 'expired',
    x: 750,
    y: 110,
    note: '404, like an unknown id',
    kind: 'gone',
  },
];

/**
 * @param {string} id
 * @returns {State}
 */
function state(id) {
  const found = STATES.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`unknown state ${id}`);
  return found;
}

/**
 * An arrow from the right edge of one state to the left edge of another, with a label.
 *
 * @param {string} from
 * @param {string} to
 * @param {string} label
 * @param {{ dx: number, dy: number, anchor: 'start' | 'middle' | 'end' }} [place] where the label
 *   sits, from the arrow's middle: placed by hand so that no text crosses a line or a note
 * @returns {string}
 */
function arrow(from, to, label, place = { dx: 0, dy: -8, anchor: 'middle' }) {
  const a = state(from);
  const b = state(to);
  const x1 = a.x + WIDTH;
  const y1 = a.y + HEIGHT / 2;
  const x2 = b.x - 4;
  const y2 = b.y + HEIGHT / 2;
  const lx = (x1 + x2) / 2 + place.dx;
  const ly = (y1 + y2) / 2 + place.dy;
  const anchor = place.anchor;
  return [
    `<line class="edge" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" marker-end="url(#arrow)"/>`,
    `<text class="edge-label" x="${lx}" y="${ly}" text-anchor="${anchor}">${label}</text>`,
  ].join('');
}

/**
 * The SVG markup of the diagram.
 *
 * @returns {string}
 */
export function lifecycleDiagram() {
  const boxes = STATES.map(
    (s) =>
      `<g class="state state-${s.kind}"><rect x="${s.x}" y="${s.y}" width="${WIDTH}" height="${HEIGHT}" rx="8"/>` +
      `<text class="state-label" x="${s.x + WIDTH / 2}" y="${s.y + 31}" text-anchor="middle">${s.label}</text>` +
      `<text class="state-note" x="${s.x + WIDTH / 2}" y="${s.y + HEIGHT + 18}" text-anchor="middle">${s.note}</text></g>`,
  ).join('');
  const start = state('queued');
  return [
    '<figure class="diagram">',
    '<svg role="img" aria-labelledby="lifecycle-title lifecycle-desc" viewBox="0 0 940 270" xmlns="http://www.w3.org/2000/svg">',
    '<title id="lifecycle-title">Lifecycle of a queued job</title>',
    '<desc id="lifecycle-desc">POST /v2/{model} creates a job in QUEUED. It moves to PROCESSING, then to COMPLETED or FAILED. One hour after its submission it expires and every endpoint answers 404.</desc>',
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="currentColor"/></marker></defs>',
    `<circle class="start" cx="20" cy="${start.y + HEIGHT / 2}" r="8" fill="currentColor"/>`,
    `<line class="edge" x1="28" y1="${start.y + HEIGHT / 2}" x2="${start.x - 4}" y2="${start.y + HEIGHT / 2}" marker-end="url(#arrow)"/>`,
    `<text class="edge-label" x="62" y="${start.y + HEIGHT / 2 - 10}" text-anchor="middle">submit</text>`,
    arrow('queued', 'processing', 'worker'),
    arrow('processing', 'completed', 'done', { dx: -12, dy: 0, anchor: 'end' }),
    arrow('processing', 'failed', 'error', { dx: 10, dy: -4, anchor: 'start' }),
    arrow('completed', 'expired', 'submit + 1 h', { dx: 12, dy: -4, anchor: 'start' }),
    arrow('failed', 'expired', '+1 hour', { dx: 6, dy: 22, anchor: 'start' }),
    boxes,
    '</svg>',
    '<figcaption>States only move forward. Poll the status endpoint; fetch the result once it says COMPLETED.</figcaption>',
    '</figure>',
  ].join('\n');
}
