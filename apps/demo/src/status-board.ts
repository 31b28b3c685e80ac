import type { JobStatus } from '@segmind-ts/client';

/** A job's state as the board shows it: being submitted, then the states the spec names. */
export type JobState = 'SUBMITTING' | JobStatus['status'];

interface Row {
  label: string;
  state: JobState;
  startedAt: number;
  endedAt?: number;
  note?: string;
}

/** The output the board writes to: a terminal gets live lines, anything else a plain log. */
export interface BoardOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

const MARKS: Record<JobState, string> = {
  SUBMITTING: '…',
  QUEUED: '◦',
  PROCESSING: '▸',
  COMPLETED: '✔',
  FAILED: '✖',
};

/**
 * One status line per job, with the elapsed time. On a terminal the lines are redrawn in place
 * every `refreshMs`; in a log (CI, a pipe) a line is printed on each change of state instead,
 * so the output stays readable.
 */
export class StatusBoard {
  readonly #rows: Row[] = [];
  readonly #out: BoardOutput;
  readonly #now: () => number;
  readonly #speed: number;
  #drawn = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** @param labels One line per job, in order; each starts SUBMITTING. */
  constructor(
    out: BoardOutput,
    labels: readonly string[],
    options: { speed: number; refreshMs?: number; now?: () => number },
  ) {
    this.#out = out;
    this.#speed = options.speed;
    this.#now = options.now ?? (() => performance.now());
    const startedAt = this.#now();
    for (const label of labels) this.#rows.push({ label, state: 'SUBMITTING', startedAt });
    if (out.isTTY) {
      this.#redraw();
      this.#timer = setInterval(() => this.#redraw(), options.refreshMs ?? 100);
      this.#timer.unref();
    }
  }

  /** Moves the job of line `index` to `state`, with an optional note (the output file, the failure reason). */
  update(index: number, state: JobState, note?: string): void {
    const row = this.#rows[index];
    if (!row || (row.state === state && row.note === note)) return;
    row.state = state;
    row.note = note;
    if (state === 'COMPLETED' || state === 'FAILED') row.endedAt ??= this.#now();
    this.#changed(index);
  }

  /** Draws the final lines and stops redrawing. */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#out.isTTY) this.#redraw();
  }

  /** The text of one line. */
  line(index: number): string {
    const row = this.#rows[index] as Row;
    const width = Math.max(...this.#rows.map((r) => r.label.length));
    const seconds = ((row.endedAt ?? this.#now()) - row.startedAt) / 1000;
    const simulated =
      this.#speed === 1 ? '' : ` (${(seconds * this.#speed).toFixed(1)} s simulated)`;
    const note = row.note ? `  ${row.note}` : '';
    return `  ${MARKS[row.state]} ${row.label.padEnd(width)}  ${row.state.padEnd(10)} ${seconds.toFixed(1).padStart(5)} s${simulated}${note}`;
  }

  #changed(index: number): void {
    if (this.#out.isTTY) this.#redraw();
    else this.#out.write(`${this.line(index)}\n`);
  }

  #redraw(): void {
    const up = this.#drawn > 0 ? `\x1b[${this.#drawn}A` : '';
    const lines = this.#rows.map((_, i) => `\x1b[2K${this.line(i)}`);
    this.#out.write(`${up}\r${lines.join('\n')}\n`);
    this.#drawn = this.#rows.length;
  }
}
