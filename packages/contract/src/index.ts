export { type ContractCheck, requireControl, requireMovableClock } from './check.js';
export { RETENTION_MS } from './checks/expiry.js';
export { CONTRACT_CHECKS } from './checks/index.js';
export { type CheckContext, SkipCheck } from './context.js';
export {
  type ControllableMock,
  type HttpControlOptions,
  httpControl,
  type MockClockInfo,
  type MockControl,
  mockControl,
} from './control.js';
export type { ContractAnswer, ContractRequest, ExchangeRecord } from './exchange.js';
export { handlerFetch } from './handler-fetch.js';
export { type ContractKeys, DEFAULT_RATE_LIMIT } from './keys.js';
export { MODELS, type ModelFixture } from './models.js';
export { type CheckResult, type ContractReport, formatSummary } from './report.js';
export { loadBundledSpec, type OpenApiDocument } from './spec.js';
export { type ContractSuiteOptions, runContractSuite } from './suite.js';
export type { SuiteTime } from './time.js';
export {
  createResponseValidator,
  isPng,
  type ResponseUnderTest,
  type ResponseValidator,
  type ResponseValidatorOptions,
} from './validator.js';
export type { Violation, ViolationKind } from './violations.js';
