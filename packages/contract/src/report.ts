import type { ExchangeRecord } from './exchange.js';
import { describeClock } from './time.js';
import type { Violation } from './violations.js';

/** The outcome of one check. */
export interface CheckResult {
  name: string;
  outcome: 'pass' | 'fail' | 'skip';
  /** Why the check was skipped, or the error that stopped it. */
  reason?: string;
  violations: Violation[];
  /** Request ids of the jobs the check created. */
  requestIds: string[];
  /** What the check saw that is worth knowing but breaks nothing (states seen, ...). */
  notes: string[];
  exchanges: number;
  durationMs: number;
}

/** The JSON report of a run (`--report FILE`). */
export interface ContractReport {
  target: string;
  /** The control API the run drove, if any. */
  control: string | null;
  /** The mock's clock as the control API reported it, when it could say. */
  clock?: { mode: string; speed: number };
  startedAt: string;
  durationMs: number;
  /** True exactly when no check failed (skips do not count). */
  ok: boolean;
  totals: {
    checks: number;
    passed: number;
    failed: number;
    skipped: number;
    exchanges: number;
    violations: number;
    /** On-purpose bad requests that a validating proxy refused itself. */
    proxyRejected: number;
  };
  checks: CheckResult[];
  /** Every request and its answer, in order. */
  exchanges: ExchangeRecord[];
}

const MARK = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

/** The readable summary the CLI prints: one line per check, its violations and skip reasons. */
export function formatSummary(report: ContractReport): string {
  const lines: string[] = [`segmind-contract: ${report.target}`];
  lines.push(report.control ? `control: ${report.control}` : 'control: none (real time)');
  if (report.clock) {
    const real = report.clock.mode === 'real';
    lines.push(
      `clock: ${describeClock(report.clock)}${real ? ' (jobs are waited for in real time)' : ''}`,
    );
  }
  lines.push('');
  for (const check of report.checks) {
    const ids = check.requestIds.length > 0 ? `  [${check.requestIds.join(', ')}]` : '';
    lines.push(`${MARK[check.outcome]}  ${check.name} (${Math.round(check.durationMs)} ms)${ids}`);
    if (check.outcome === 'skip' || (check.outcome === 'fail' && check.reason)) {
      lines.push(`      ${check.outcome === 'skip' ? 'skipped' : 'error'}: ${check.reason}`);
    }
    for (const note of check.notes) lines.push(`      · ${note}`);
    for (const violation of check.violations) {
      lines.push(`      ✗ [${violation.kind}] ${violation.message}`);
      if (violation.exchange) lines.push(`        at ${violation.exchange}`);
    }
  }
  const t = report.totals;
  lines.push('');
  lines.push(
    `${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped; ${t.exchanges} exchanges, ${t.violations} violations${t.proxyRejected > 0 ? `, ${t.proxyRejected} bad inputs refused by the proxy` : ''} (${(report.durationMs / 1000).toFixed(1)} s)`,
  );
  return lines.join('\n');
}
