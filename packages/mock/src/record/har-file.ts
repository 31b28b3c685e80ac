import { renameSync, writeFileSync } from 'node:fs';
import type { Har, HarEntry } from './har.js';

/**
 * A HAR file that grows by one entry per exchange. The whole document is written again after
 * each one, to a temporary file renamed over the target, so that the file on disk is always a
 * complete, valid HAR, even when the recorder is stopped at any moment.
 */
export class HarFile {
  readonly #path: string;
  readonly #har: Har;

  constructor(path: string, creator: { name: string; version: string }, comment: string) {
    this.#path = path;
    this.#har = { log: { version: '1.2', creator, comment, entries: [] } };
    this.#write();
  }

  /** How many entries it holds. */
  get size(): number {
    return this.#har.log.entries.length;
  }

  /** Appends an entry and writes the file. */
  add(entry: HarEntry): void {
    this.#har.log.entries.push(entry);
    this.#write();
  }

  #write(): void {
    const temporary = `${this.#path}.partial`;
    writeFileSync(temporary, `${JSON.stringify(this.#har, null, 2)}\n`);
    renameSync(temporary, this.#path);
  }
}
