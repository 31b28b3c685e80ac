// The defaults of the option table, as each taker applies them: the library's (the simulator's
// and the server's) and the `segmind-mock` command's, which differ only where an entry says why.
import type { SegmindMockOptions } from '../core/options.js';
import { type AllOptions, OPTION_NAMES, OPTIONS, type OptionName } from './table.js';

type Table = typeof OPTIONS;
type WithDefault = {
  [K in OptionName]: Table[K] extends { default: unknown } ? K : never;
}[OptionName];

/** The options of `createSegmindMockCore` that have a plain default, with it. */
export type SimulatorDefaults = {
  [K in WithDefault & keyof SegmindMockOptions]-?: NonNullable<SegmindMockOptions[K]>;
};

/** The server's own options (beyond the simulator's) that have a plain default, with it. */
export type ServerDefaults = {
  [K in Exclude<WithDefault, keyof SegmindMockOptions>]-?: NonNullable<AllOptions[K]>;
};

function defaultsOf(scope: 'simulator' | 'server'): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const name of OPTION_NAMES) {
    const spec = OPTIONS[name];
    if (spec.scope === scope && 'default' in spec) defaults[name] = spec.default;
  }
  return defaults;
}

/** What `createSegmindMockCore` takes for an option left out. */
export const SIMULATOR_DEFAULTS = defaultsOf('simulator') as SimulatorDefaults;

/** What `startMockServer` takes for one of its own options left out. */
export const SERVER_DEFAULTS = defaultsOf('server') as ServerDefaults;

/**
 * `options` with each of `defaults` in place of a value left out (`undefined` included, as
 * `??` reads it).
 */
export function withDefaults<O extends object, D extends object>(
  options: O,
  defaults: D,
): O & Required<D> {
  const filled: Record<string, unknown> = { ...(options as Record<string, unknown>) };
  for (const [name, value] of Object.entries(defaults)) {
    if (filled[name] === undefined) filled[name] = value;
  }
  return filled as O & Required<D>;
}
