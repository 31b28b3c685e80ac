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
