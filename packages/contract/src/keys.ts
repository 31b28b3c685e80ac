/**
 * API keys of accounts in known states. With them the suite provokes the target's own 401, 403,
 * 406 and 429 answers, as a client would meet them, instead of injecting faults through a
 * mock's control API (which only a mock has, and whose bodies are generic).
 */
export interface ContractKeys {
  /** A key the target does not accept: a call with it must answer 401. */
  invalid?: string;
  /** A key the target knows but refuses: a submit with it must answer 403. */
  forbidden?: string;
  /** A key whose balance cannot pay for any model: a v1 call with it must answer 406. */
  broke?: string;
  /**
   * A key the suite may exhaust (with status polls of an unknown id, which cost no credits):
   * the call after its per-minute limit must answer 429. A separate key keeps the main key's
   * window untouched.
   */
  rateLimited?: string;
}

/**
 * Calls a minute the suite expects `rateLimited` to be allowed when not told
 * (`--rate-limit`): Segmind's pro plan. The suite sends at most one more than the limit.
 */
export const DEFAULT_RATE_LIMIT = 50;
