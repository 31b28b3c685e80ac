import type { MockClockInfo, MockControl } from './control.js';

/** How the suite lets time pass on its target. */
export interface SuiteTime {
  /** True when `wait` moves the mock's clock (virtual or auto): no real time passes. */
  controlled: boolean;
  /** How many times faster than wall time the target's clock runs (1 when unknown). */
  speed: number;
  /** The clock as the control API described it; undefined without control or without `clock()`. */
  clock: MockClockInfo | undefined;
}

/** Real time, as a client without control lives it. */
export const REAL_TIME: SuiteTime = { controlled: false, speed: 1, clock: undefined };

/**
 * Reads the mock's clock through `control` once, before any check relies on it: a real clock
 * cannot be advanced, and driving it as if it could would blame the target for the suite's own
 * setup. A clock that cannot be read is a setup error, thrown with the reason.
 */
export async function readSuiteTime(control: MockControl | undefined): Promise<SuiteTime> {
  if (!control) return REAL_TIME;
  // A control that cannot say (written before clocks could be read, or a stub without the
  // route): the suite has always taken its clock to be virtual.
  const assumedVirtual: SuiteTime = { controlled: true, speed: 1, clock: undefined };
  if (!control.clock) return assumedVirtual;
  let clock: MockClockInfo | undefined;
  try {
    clock = await control.clock();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } })?.cause?.code;
    const reason = `${error instanceof Error ? error.message : String(error)}${cause ? ` (${cause})` : ''}`;
    throw new Error(
      `Cannot read the mock's clock, so the suite cannot tell how to let time pass: ${reason}. Check --control-url (the mock's /__mock API) and --admin-token if the mock was started with one.`,
    );
  }
  if (clock === undefined) return assumedVirtual;
  return clock.mode === 'real'
    ? { controlled: false, speed: clock.speed, clock }
    : { controlled: true, speed: 1, clock };
}

/** The clock in a few words, for the summary and skip reasons: `auto`, `real ×50`. */
export function describeClock(clock: MockClockInfo): string {
  return `${clock.mode}${clock.speed === 1 ? '' : ` ×${clock.speed}`}`;
}
