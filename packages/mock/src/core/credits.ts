import { SPEC_COSTS } from './spec-facts.js';

/**
 * What an unlimited key reports in `x-remaining-credits`: the header is a number in the spec,
 * and an unlimited balance has none, so it shows this constant and never goes down.
 */
export const UNLIMITED_CREDITS = 1_000_000;

/**
 * Credits a job costs, per model: the `x-cost` of its v2 submit in the spec (an assumption
 * there, as no product page states a price; the mock only needs the balance to run out).
 * Override with `costs`.
 */
export const DEFAULT_COSTS: Readonly<Record<string, number>> = SPEC_COSTS;

/** The outcome of charging a key for a job. */
export type ChargeResult = { ok: true; remaining: number } | { ok: false; remaining: number };

/**
 * Per-key balances. `initial(key)` gives a key's starting balance (`Infinity` for unlimited);
 * balances start on a key's first charge and are dropped by `reset()`.
 */
export function createCredits(
  initial: (key: string) => number,
  costs: Readonly<Record<string, number>> | undefined,
) {
  const balances = new Map<string, number>();
  const costOf = (model: string) => costs?.[model] ?? DEFAULT_COSTS[model] ?? 1;
  const balanceOf = (key: string) => balances.get(key) ?? initial(key);
  const shown = (balance: number) => (Number.isFinite(balance) ? balance : UNLIMITED_CREDITS);
  return {
    /** What a job of `model` costs. */
    costOf,
    /** The balance `x-remaining-credits` shows for `key`. */
    remaining: (key: string) => shown(balanceOf(key)),
    /** Takes the cost of a job of `model` from `key`'s balance, unless too little is left. */
    charge(key: string, model: string): ChargeResult {
      const balance = balanceOf(key);
      const cost = costOf(model);
      if (balance < cost) return { ok: false, remaining: shown(balance) };
      // An unlimited key keeps no entry: any non-empty key is accepted by default, so storing
      // one per key would grow without bound.
      if (!Number.isFinite(balance)) return { ok: true, remaining: shown(balance) };
      const after = Math.round((balance - cost) * 1e6) / 1e6;
      balances.set(key, after);
      return { ok: true, remaining: shown(after) };
    },
    /** `key`'s balance (`Infinity` when unlimited) and the one it started with. */
    balance: (key: string) => ({ left: balanceOf(key), start: initial(key) }),
    /** The keys whose balance has moved since the start or the last reset. */
    charged: (): string[] => [...balances.keys()],
    /**
     * Gives back what a job of `model` cost `key`: a job that ends FAILED costs nothing (seen
     * only in third-party material; the spec flags it as the assumption `failed-not-charged`).
     */
    refund(key: string, model: string) {
      const balance = balances.get(key);
      if (balance === undefined) return; // unlimited: nothing was taken
      balances.set(key, Math.round((balance + costOf(model)) * 1e6) / 1e6);
    },
    /** Sets `key`'s balance. */
    set(key: string, balance: number) {
      balances.set(key, balance);
    },
    /** Back to every key's starting balance. */
    reset() {
      balances.clear();
    },
  };
}
