// @ts-check
/**
 * The mock console: reads the mock through its control API (`/__mock/state`, `/__mock/requests`)
 * every half second and acts through the same API, so it shows whatever store backs the mock
 * and gets the same validation and errors a script would. Same origin only, JSON bodies, the
 * admin token (when the mock has one) sent as a Bearer header and kept for this tab only.
 * Everything from the mock is written as text, never as HTML: the journal holds what any client
 * sent.
 */

const POLL_MS = 500;
const HIDDEN_POLL_MS = 2000;
const JOURNAL_LIMIT = 100;
const TOKEN_KEY = 'segmind-mock-admin-token';
const THEME_KEY = 'colorMode'; // shared with the docs

/** @typedef {{ mode: string, speed: number, now: number, iso: string }} Clock */
/**
 * @typedef {{ requestId: string, model: string, status: string, createdAt: number,
 *   startedAt: number, endedAt: number, expiresAt: number, error?: string, outputPath?: string }} Job
 */
/**
 * @typedef {{ key: string, configured: boolean, forbidden: boolean, credits: number | null,
 *   startingCredits: number | null, requestsThisMinute: number | null,
 *   rateLimitResetMs: number | null, jobs: number }} KeyState
 */
/** @typedef {{ id: number, model?: string, error?: string | null, times: number }} Outcome */
/**
 * @typedef {{ id: number, method?: string | null, path?: string | null, status?: number | null,
 *   networkError: boolean, probability?: number | null, timesLeft?: number | null,
 *   error?: string | null, retryAfter?: number | null }} Fault
 */
/**
 * @typedef {{ clock: Clock, models: string[], rateLimit: number | null, keys: KeyState[],
 *   keyCount: number, jobs: Job[], jobCount: number, outcomes: Outcome[], faults: Fault[] }} State
 */
/**
 * @typedef {{ seq: number, at: number, method: string, url: string, path: string,
 *   model?: string, requestId?: string, requestBody?: unknown, status: number | string,
 *   responseBody?: unknown, fault?: boolean, requestHeaders?: Record<string, string>,
 *   responseHeaders?: Record<string, string> }} Entry
 */
/** @typedef {{ status: number, data: any }} Answer */

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** @param {string} id */
const input = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));

/**
 * Builds an element; strings become text nodes.
 * @param {string} tag
 * @param {Record<string, string | boolean>} [attributes]
 * @param {(Node | string)[]} children
 */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  element.append(...children);
  return element;
}

/** @param {Element} element @param {string} text */
function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

// ---- Theme -------------------------------------------------------------------------------

function applyTheme() {
  let mode = null;
  try {
    mode = localStorage.getItem(THEME_KEY);
  } catch {
    // Storage can be disabled: the system's choice then stands.
  }
  const root = document.documentElement;
  root.classList.toggle('dark-mode', mode === 'dark');
  root.classList.toggle('light-mode', mode === 'light');
}

function toggleTheme() {
  const root = document.documentElement;
  const dark = root.classList.contains('dark-mode')
    ? true
    : root.classList.contains('light-mode')
      ? false
      : matchMedia('(prefers-color-scheme: dark)').matches;
  try {
    localStorage.setItem(THEME_KEY, dark ? 'light' : 'dark');
  } catch {
    // The choice then lasts for this page only.
  }
  root.classList.toggle('dark-mode', !dark);
  root.classList.toggle('light-mode', dark);
}

// ---- The control API ---------------------------------------------------------------------

/** @type {string | null} */
let token = null;
try {
  token = sessionStorage.getItem(TOKEN_KEY);
} catch {
  // Without storage the token lives in memory, for this page.
}

/** The admin token as the control API takes it, when there is one. */
function authHeaders() {
  /** @type {Record<string, string>} */
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  return headers;
}

/**
 * One control call on this origin. A body goes as JSON. Answers the status and the parsed body;
 * rejects only when the mock cannot be reached.
 * @param {string} method
 * @param {string} path under /__mock/
 * @param {unknown} [body]
 * @returns {Promise<Answer>}
 */
async function api(method, path, body) {
  const headers = authHeaders();
  headers.accept = 'application/json';
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`/__mock/${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
    credentials: 'omit',
    redirect: 'error',
  });
  const text = await response.text();
  let data = text;
  try {
    data = JSON.parse(text);
  } catch {
    // Not JSON: shown as it came.
  }
  if (response.status === 401) lock(errorText({ status: 401, data }));
  return { status: response.status, data };
}

/** The control API's own words for a refusal, verbatim. @param {Answer} answer */
function errorText(answer) {
  const { data } = answer;
  if (data && typeof data === 'object' && typeof data.error === 'string') return data.error;
  return typeof data === 'string' && data ? data : `HTTP ${answer.status}`;
}

/**
 * Runs an action and shows its outcome: the mock's error under the form, or a note for
 * screen readers; then refreshes at once.
 * @param {string} errorId
 * @param {() => Promise<Answer>} action
 * @param {string} done what to announce on success
 */
async function act(errorId, action, done) {
  const error = $(errorId);
  try {
    const answer = await action();
    if (answer.status >= 400) {
      setText(error, errorText(answer));
      return false;
    }
    setText(error, '');
    announce(done);
    poll();
    return true;
  } catch (failure) {
    setText(error, `The mock cannot be reached: ${String(failure)}`);
    return false;
  }
}

// ---- Time --------------------------------------------------------------------------------

/** A duration as a person reads it. @param {number} ms */
function duration(ms) {
  if (!Number.isFinite(ms)) return '—';
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${sign}${Math.round(abs)} ms`;
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(1)} s`;
  const seconds = Math.floor(abs / 1000);
  if (seconds < 3600) return `${sign}${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${sign}${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

/** The time of day of a simulated instant, UTC. @param {number} at */
function clockTime(at) {
  return new Date(at).toISOString().slice(11, 23);
}

// ---- Announcements -----------------------------------------------------------------------

/** @param {string} message */
function announce(message) {
  const region = $('announcer');
  // Emptied first, so the same message twice is announced twice.
  region.textContent = '';
  setTimeout(() => {
    region.textContent = message;
  }, 50);
}

/** @param {string} text @param {'live' | 'down' | ''} kind */
function connection(text, kind) {
  const element = $('connection');
  setText(element, text);
  element.className = kind;
}

// ---- Rendering ---------------------------------------------------------------------------

/** @type {Map<string, { row: HTMLTableRowElement, status: string }>} */
const jobRows = new Map();

/** @param {string} id */
const shortId = (id) => (id.length > 12 ? `${id.slice(0, 8)}…` : id);

/** @param {Job} job @param {number} now */
function jobTimes(job, now) {
  switch (job.status) {
    case 'QUEUED':
      return { since: now - job.createdAt, next: `PROCESSING in ${duration(job.startedAt - now)}` };
    case 'PROCESSING':
      return { since: now - job.startedAt, next: `ends in ${duration(job.endedAt - now)}` };
    default:
      return { since: now - job.endedAt, next: '—' };
  }
}

/** Object URLs of the thumbnails shown, by job id: released with their row. */
/** @type {Map<string, string>} */
const thumbnails = new Map();

/**
 * Shows a completed job's picture, read through the control API (`/__mock/jobs/{id}/output`)
 * rather than from `/outputs/`, which is the client's: the page must neither fill the journal
 * nor use up a fault armed for the client. Read with the token, so shown as an object URL.
 * @param {string} id
 * @param {HTMLImageElement} image
 * @param {HTMLAnchorElement} link
 */
async function loadThumbnail(id, image, link) {
  try {
    const response = await fetch(`/__mock/jobs/${encodeURIComponent(id)}/output`, {
      headers: authHeaders(),
      cache: 'no-store',
      credentials: 'omit',
    });
    if (!response.ok) {
      image.alt = `No output for job ${id} (HTTP ${response.status})`;
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    if (!jobRows.has(id) || thumbnails.has(id)) {
      URL.revokeObjectURL(url); // its row went meanwhile
      return;
    }
    thumbnails.set(id, url);
    image.src = url;
    link.href = url;
  } catch (failure) {
    image.alt = `No output for job ${id}: ${String(failure)}`;
  }
}

/** @param {string} id */
function releaseThumbnail(id) {
  const url = thumbnails.get(id);
  if (url !== undefined) URL.revokeObjectURL(url);
  thumbnails.delete(id);
}

/** @param {Job} job */
function outputCell(job) {
  if (job.status === 'COMPLETED') {
    const image = /** @type {HTMLImageElement} */ (
      h('img', { class: 'thumb', alt: `Output of job ${job.requestId}`, width: '48', height: '48' })
    );
    const link = /** @type {HTMLAnchorElement} */ (
      h('a', { target: '_blank', rel: 'noopener', title: 'Open the picture' }, image)
    );
    loadThumbnail(job.requestId, image, link);
    return link;
  }
  if (job.status === 'FAILED') return job.error ?? 'FAILED';
  return '—';
}

/** @param {Job} job */
function newJobRow(job) {
  const show = h('button', {
    type: 'button',
    class: 'link',
    title: job.requestId,
    'aria-label': `Show the requests of job ${job.requestId}`,
  });
  show.textContent = job.requestId;
  show.addEventListener('click', () => {
    input('filter-request-id').value = job.requestId;
    poll();
    $('journal-heading').scrollIntoView();
  });
  const row = h('tr', { 'data-request-id': job.requestId });
  row.append(h('td', {}, show), h('td'), h('td'), h('td'), h('td'), h('td'), h('td'));
  return /** @type {HTMLTableRowElement} */ (row);
}

/** @param {State} state */
function renderJobs(state) {
  const now = state.clock.now;
  const body = /** @type {HTMLElement} */ ($('jobs').querySelector('tbody'));
  const seen = new Set();
  /** @type {string[]} */
  const changes = [];
  const newestFirst = [...state.jobs].reverse();
  for (const job of newestFirst) {
    seen.add(job.requestId);
    let known = jobRows.get(job.requestId);
    if (!known) {
      known = { row: newJobRow(job), status: '' };
      jobRows.set(job.requestId, known);
      changes.push(`New job ${shortId(job.requestId)} (${job.model}) ${job.status}`);
    } else if (known.status !== job.status) {
      changes.push(`Job ${shortId(job.requestId)} ${job.status}`);
    }
    const cells = known.row.cells;
    const times = jobTimes(job, now);
    setText(/** @type {Element} */ (cells[1]), job.model);
    if (known.status !== job.status) {
      const state = h('span', { class: `state state-${job.status}` }, job.status);
      /** @type {Element} */ (cells[2]).replaceChildren(state);
      const output = /** @type {Element} */ (cells[6]);
      output.replaceChildren(outputCell(job));
      output.className = job.status === 'FAILED' ? 'reason' : '';
      known.status = job.status;
    }
    setText(/** @type {Element} */ (cells[3]), duration(times.since));
    setText(/** @type {Element} */ (cells[4]), times.next);
    setText(/** @type {Element} */ (cells[5]), duration(job.expiresAt - now));
    body.append(known.row); // moves it into newest-first order
  }
  for (const [id, known] of jobRows) {
    if (!seen.has(id)) {
      known.row.remove();
      jobRows.delete(id);
      releaseThumbnail(id);
    }
  }
  const shown = state.jobs.length;
  setText(
    $('jobs-summary'),
    state.jobCount === 0
      ? 'No job yet: submit one to /v2/<model>.'
      : shown < state.jobCount
        ? `The newest ${shown} of ${state.jobCount} jobs, newest first.`
        : `${state.jobCount} job${state.jobCount === 1 ? '' : 's'}, newest first.`,
  );
  if (changes.length > 0 && changes.length <= 5) announce(changes.join('. '));
  else if (changes.length > 5) announce(`${changes.length} jobs changed`);
}

/** @param {State} state */
function renderClock(state) {
  setText($('clock-mode'), state.clock.mode);
  setText($('clock-speed'), `×${state.clock.speed}`);
  const now = $('clock-now');
  setText(now, state.clock.iso);
  now.setAttribute('datetime', state.clock.iso);
}

/** @param {State} state */
function renderKeys(state) {
  const body = /** @type {HTMLElement} */ ($('keys').querySelector('tbody'));
  const rows = state.keys.map((key) => {
    const credits =
      key.credits === null ? 'unlimited' : `${key.credits} of ${key.startingCredits ?? '?'}`;
    const rate =
      key.requestsThisMinute === null
        ? 'no limit'
        : `${key.requestsThisMinute} of ${state.rateLimit}`;
    const notes = [key.configured ? 'configured' : 'seen', key.forbidden ? 'forbidden' : '']
      .filter(Boolean)
      .join(', ');
    return h(
      'tr',
      {},
      h('td', {}, h('code', {}, key.key), ` (${notes})`),
      h('td', {}, credits),
      h('td', {}, rate),
      h('td', {}, key.rateLimitResetMs === null ? '—' : duration(key.rateLimitResetMs)),
      h('td', {}, String(key.jobs)),
    );
  });
  const text = rows.map((row) => row.textContent).join('\n');
  // Rebuilt only when something changed: a focused or selected cell is not lost every poll.
  if (body.dataset.text !== text) {
    body.replaceChildren(...rows);
    body.dataset.text = text;
  }
  const limit =
    state.rateLimit === null ? 'no rate limit' : `${state.rateLimit} requests a minute per key`;
  setText(
    $('keys-summary'),
    state.keyCount === 0
      ? `No key has called yet; ${limit}.`
      : `${state.keyCount} key${state.keyCount === 1 ? '' : 's'} (masked); ${limit}.`,
  );
}

/** @param {Outcome} outcome */
const describeOutcome = (outcome) =>
  `${outcome.model ?? 'any model'} → FAILED “${outcome.error ?? "the model's default reason"}”, ${outcome.times} job${outcome.times === 1 ? '' : 's'} left`;

/** @param {Fault} fault (fields left out of the JSON when unset) */
function describeFault(fault) {
  const parts = [
    `${fault.method ?? 'any method'} ${fault.path ?? '*'} → ${
      fault.networkError ? 'dropped connection' : `HTTP ${fault.status}`
    }${fault.error ? ` “${fault.error}”` : ''}`,
  ];
  if (fault.retryAfter != null) parts.push(`Retry-After ${fault.retryAfter} s`);
  parts.push(fault.timesLeft == null ? 'until disarmed' : `${fault.timesLeft} left`);
  if (fault.probability != null) parts.push(`probability ${fault.probability}`);
  return parts.join(', ');
}

/**
 * @param {HTMLElement} list
 * @param {{ id: number }[]} items
 * @param {(item: any) => string} describe
 * @param {'faults' | 'outcomes'} kind
 */
function renderArmed(list, items, describe, kind) {
  const text = items.map((item) => `${item.id}:${describe(item)}`).join('\n');
  if (list.dataset.text === text) return;
  list.dataset.text = text;
  const noun = kind === 'faults' ? 'fault' : 'failure';
  list.replaceChildren(
    ...(items.length === 0
      ? [h('li', { class: 'muted' }, 'None.')]
      : items.map((item) => {
          const description = describe(item);
          const disarm = h(
            'button',
            { type: 'button', 'aria-label': `Disarm ${noun} ${item.id}: ${description}` },
            'Disarm',
          );
          disarm.addEventListener('click', () =>
            act(
              kind === 'faults' ? 'fault-error-message' : 'outcome-error-message',
              () => api('DELETE', `${kind}/${item.id}`),
              `Disarmed ${noun} ${item.id}`,
            ),
          );
          return h('li', {}, description, disarm);
        })),
  );
}

/** @param {State} state */
function renderModels(state) {
  const select = /** @type {HTMLSelectElement} */ ($('outcome-model'));
  const known = [...select.options].map((option) => option.value).slice(1);
  if (known.join() === state.models.join()) return;
  select.replaceChildren(
    h('option', { value: '' }, 'any model'),
    ...state.models.map((model) => h('option', {}, model)),
  );
}

// ---- The journal -------------------------------------------------------------------------

/** @type {Map<string, HTMLLIElement>} */
const entryItems = new Map();

function journalQuery() {
  const params = new URLSearchParams({ limit: String(JOURNAL_LIMIT) });
  for (const [name, id] of [
    ['path', 'filter-path'],
    ['status', 'filter-status'],
    ['requestId', 'filter-request-id'],
  ]) {
    const value = input(/** @type {string} */ (id)).value.trim();
    if (value) params.set(/** @type {string} */ (name), value);
  }
  return params.toString();
}

/** @param {string} title @param {unknown} value */
function block(title, value) {
  const text =
    value === undefined
      ? '(none)'
      : typeof value === 'string'
        ? value
        : JSON.stringify(value, null, 2);
  return h('div', {}, h('h4', {}, title), h('pre', {}, text));
}

/** @param {Record<string, string> | undefined} headers */
function headerText(headers) {
  if (!headers) return undefined;
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

/** @param {Entry} entry */
function newEntryItem(entry) {
  const ok = typeof entry.status === 'number' && entry.status < 400;
  const summary = h(
    'summary',
    {},
    `#${entry.seq} ${clockTime(entry.at)} ${entry.method} ${entry.path} → `,
    h('span', { class: ok ? 'status-ok' : 'status-bad' }, String(entry.status)),
    entry.fault ? h('span', { class: 'tag' }, ' (fault)') : '',
    entry.requestId ? ` · ${entry.requestId}` : '',
  );
  const detail = h(
    'div',
    { class: 'detail' },
    block('Request headers', headerText(entry.requestHeaders)),
    block('Request body', entry.requestBody),
    block('Response headers', headerText(entry.responseHeaders)),
    block('Response body', entry.responseBody),
  );
  return /** @type {HTMLLIElement} */ (
    h('li', { 'data-seq': String(entry.seq) }, h('details', {}, summary, detail))
  );
}

/** @param {Answer} answer */
function renderJournal(answer) {
  const list = $('journal');
  if (answer.status >= 400) {
    setText($('journal-error'), errorText(answer));
    list.replaceChildren();
    entryItems.clear();
    setText($('journal-summary'), '');
    return;
  }
  setText($('journal-error'), '');
  /** @type {Entry[]} */
  const entries = answer.data.requests;
  const seen = new Set();
  const items = [...entries].reverse().map((entry) => {
    // An entry never changes once written; the numbering restarts after a reset.
    const key = `${entry.seq}|${entry.at}|${entry.url}`;
    seen.add(key);
    let item = entryItems.get(key);
    if (!item) {
      item = newEntryItem(entry);
      entryItems.set(key, item);
    }
    return item;
  });
  for (const key of entryItems.keys()) if (!seen.has(key)) entryItems.delete(key);
  const current = [...list.children];
  if (current.length !== items.length || current.some((child, i) => child !== items[i])) {
    list.replaceChildren(...items);
  }
  const filtered = journalQuery() !== `limit=${JOURNAL_LIMIT}`;
  setText(
    $('journal-summary'),
    entries.length === 0
      ? filtered
        ? 'No request matches.'
        : 'No request yet.'
      : `${entries.length === JOURNAL_LIMIT ? `The newest ${JOURNAL_LIMIT}` : entries.length} ${
          filtered ? 'matching ' : ''
        }request${entries.length === 1 ? '' : 's'}, newest first.`,
  );
}

// ---- Polling and the token ---------------------------------------------------------------

/** @type {ReturnType<typeof setTimeout> | undefined} */
let timer;
let locked = false;
let polling = false;
let again = false;

/** Forgets everything shown: nothing of the state stays on a locked page. */
function clearState() {
  for (const id of ['jobs', 'keys']) {
    /** @type {HTMLElement} */ ($(id).querySelector('tbody')).replaceChildren();
  }
  for (const id of ['journal', 'outcomes', 'faults']) {
    $(id).replaceChildren();
    delete $(id).dataset.text;
  }
  delete (/** @type {HTMLElement} */ ($('keys').querySelector('tbody')).dataset.text);
  for (const id of jobRows.keys()) releaseThumbnail(id);
  jobRows.clear();
  entryItems.clear();
  for (const id of [
    'clock-mode',
    'clock-speed',
    'clock-now',
    'jobs-summary',
    'keys-summary',
    'journal-summary',
    'updated',
    'announcer',
  ]) {
    setText($(id), '');
  }
}

/** Hides the state and asks for the token. @param {string} [reason] */
function lock(reason) {
  const wasLocked = locked;
  locked = true;
  clearTimeout(timer);
  token = null;
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Nothing stored.
  }
  $('app').hidden = true;
  $('forget-token').hidden = true;
  clearState();
  $('token-form').hidden = false;
  setText($('token-error'), reason ?? '');
  connection('Locked: the admin token is needed', '');
  if (!wasLocked) input('token').focus();
}

/** Reads the state and the journal once, and schedules the next read. */
async function poll() {
  if (locked) return;
  if (polling) {
    again = true; // an action or a filter asked for fresh data during a read
    return;
  }
  polling = true;
  clearTimeout(timer);
  try {
    const [state, journal] = await Promise.all([
      api('GET', 'state'),
      api('GET', `requests?${journalQuery()}`),
    ]);
    if (locked) return;
    if (state.status !== 200) {
      connection(`The mock refused to show its state: ${errorText(state)}`, 'down');
    } else {
      $('app').hidden = false;
      $('forget-token').hidden = !token;
      renderClock(state.data);
      renderKeys(state.data);
      renderJobs(state.data);
      renderModels(state.data);
      renderArmed($('outcomes'), state.data.outcomes, describeOutcome, 'outcomes');
      renderArmed($('faults'), state.data.faults, describeFault, 'faults');
      renderJournal(journal);
      connection('Live', 'live');
      setText($('updated'), `updated ${new Date().toLocaleTimeString()}`);
    }
  } catch (failure) {
    connection(`The mock cannot be reached (${String(failure)}); retrying`, 'down');
  } finally {
    polling = false;
    if (!locked) {
      if (again) {
        again = false;
        poll();
      } else {
        timer = setTimeout(poll, document.hidden ? HIDDEN_POLL_MS : POLL_MS);
      }
    }
  }
}

// ---- Forms -------------------------------------------------------------------------------

/**
 * The non-empty fields of a form, numbers as numbers (what the control API takes; a value it
 * refuses comes back with its reason).
 * @param {HTMLFormElement} form
 * @param {string[]} numeric
 */
function fields(form, numeric) {
  /** @type {Record<string, unknown>} */
  const body = {};
  for (const element of form.elements) {
    if (!(element instanceof HTMLInputElement || element instanceof HTMLSelectElement)) continue;
    if (element instanceof HTMLInputElement && element.type === 'checkbox') {
      if (element.checked) body[element.name] = true;
      continue;
    }
    const value = element.value.trim();
    if (value === '') {
      // A number the browser could not read (`1e`, `abc`) is sent as null, for the API to refuse.
      if (element instanceof HTMLInputElement && element.validity.badInput)
        body[element.name] = null;
      continue;
    }
    body[element.name] = numeric.includes(element.name) ? Number(value) : value;
  }
  return body;
}

/** @param {string} id @param {(event: SubmitEvent) => void} handler */
function onSubmit(id, handler) {
  $(id).addEventListener('submit', (event) => {
    event.preventDefault();
    handler(/** @type {SubmitEvent} */ (event));
  });
}

/** @param {number} ms */
function advance(ms) {
  return act(
    'advance-error',
    () => api('POST', 'clock/advance', { ms }),
    `Clock advanced by ${duration(ms)}`,
  );
}

function wire() {
  $('theme').addEventListener('click', toggleTheme);
  $('forget-token').addEventListener('click', () => lock());
  onSubmit('token-form', () => {
    const value = input('token').value;
    if (!value) {
      setText($('token-error'), 'Enter the admin token the mock was started with.');
      return;
    }
    token = value;
    try {
      sessionStorage.setItem(TOKEN_KEY, value);
    } catch {
      // Kept in memory only.
    }
    input('token').value = '';
    locked = false;
    $('token-form').hidden = true;
    setText($('token-error'), '');
    connection('Connecting…', '');
    poll();
  });
  onSubmit('advance-form', () => {
    const amount = input('advance-amount').valueAsNumber;
    const unit = Number(/** @type {HTMLSelectElement} */ ($('advance-unit')).value);
    // Sent even when it is no number (as null): the control API says what it takes.
    advance(amount * unit);
  });
  for (const button of document.querySelectorAll('[data-advance]')) {
    button.addEventListener('click', () =>
      advance(Number(/** @type {HTMLElement} */ (button).dataset.advance)),
    );
  }
  onSubmit('outcome-form', (event) => {
    const form = /** @type {HTMLFormElement} */ (event.target);
    act(
      'outcome-error-message',
      () => api('POST', 'outcomes', fields(form, ['times'])),
      'Failure armed',
    );
  });
  onSubmit('fault-form', (event) => {
    const form = /** @type {HTMLFormElement} */ (event.target);
    const body = fields(form, ['status', 'times', 'probability', 'retryAfter']);
    act('fault-error-message', () => api('POST', 'faults', body), 'Fault armed');
  });
  $('clear-outcomes').addEventListener('click', () =>
    act('outcome-error-message', () => api('DELETE', 'outcomes'), 'Every failure disarmed'),
  );
  $('clear-faults').addEventListener('click', () =>
    act('fault-error-message', () => api('DELETE', 'faults'), 'Every fault disarmed'),
  );
  $('clear-journal').addEventListener('click', () =>
    act('journal-error', () => api('DELETE', 'requests'), 'Journal emptied'),
  );
  $('reset').addEventListener('click', () =>
    act('reset-error', () => api('POST', 'reset', {}), 'The mock was reset'),
  );
  // Filters apply as they are typed, a moment after the last key.
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let typing;
  $('journal-filters').addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(poll, 200);
  });
  onSubmit('journal-filters', () => poll());
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) poll();
  });
}

async function start() {
  applyTheme();
  wire();
  let needsToken = false;
  try {
    const response = await fetch('/__mock/console/settings.json', { cache: 'no-store' });
    needsToken = (await response.json()).adminToken === true;
  } catch {
    // Unknown: the first control call tells (a 401 asks for the token).
  }
  if (needsToken && !token) lock();
  else poll();
}

start();
