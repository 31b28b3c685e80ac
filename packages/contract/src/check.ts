import type { CheckContext } from './context.js';

/** One check of the scenario suite. */
export interface ContractCheck {
  /** Unique, stable name, shown in the report (`v2 background-eraser: lifecycle`). */
  name: string;
  /** Runs the scenario; violations are recorded through the context, skips thrown by it. */
  run(ctx: CheckContext): Promise<void>;
}

/** Skips the check when the suite has no control API, saying what it would need it for. */
export function requireControl(ctx: CheckContext, why: string): void {
  if (!ctx.control) ctx.skip(`needs --control-url: ${why}`);
}

/**
 * Skips the check unless the suite can move the mock's clock (`virtual` or `auto`): `waitMs` of
 * the target's time, timed to the minute, is more than a suite should sleep through on a real
 * clock. `what` says what the check waits for.
 */
export function requireMovableClock(ctx: CheckContext, waitMs: number, what: string): void {
  if (ctx.time.controlled) return;
  const speed = ctx.time.speed;
  const seconds = Math.ceil(waitMs / speed / 1000);
  ctx.skip(
    `the mock's clock is real${speed === 1 ? '' : ` (×${speed})`}: ${what}, ${seconds} s of real time, which only a clock the suite moves can time to the minute; start the mock with --clock virtual or --clock auto`,
  );
}
