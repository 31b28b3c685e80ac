import type { ContractCheck } from '../check.js';
import { accountChecks } from './account.js';
import { asyncChecks } from './async.js';
import { errorChecks } from './errors.js';
import { expiryCheck } from './expiry.js';
import { syncChecks } from './sync.js';

/** The whole scenario suite, in the order it runs. */
export const CONTRACT_CHECKS: readonly ContractCheck[] = [
  ...syncChecks,
  ...asyncChecks,
  expiryCheck,
  ...accountChecks,
  ...errorChecks,
];
