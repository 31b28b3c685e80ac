/** How long status and result are kept after submission, in ms: the spec's, re-exported. */
export { RETENTION_MS } from '@segmind-ts/spec';
export {
  type AssumptionOutcome,
  type AssumptionVerdict,
  JUDGE_RULES,
} from './assumptions.js';
export { type ContractCheck, requireControl, requireMovableClock } from './check.js';
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
export {
  type FactKind,
  type FactUse,
  listAssumptions,
  listSpecFacts,
  listSpecSources,
  type SpecFact,
  type SpecSource,
} from './facts.js';
export { handlerFetch } from './handler-fetch.js';
export { type HarDocument, type HarEntry, HarFormatError, parseHarDocument } from './har.js';
export { formatJudgeReport, type JudgeOptions, type JudgeReport, judgeRecording } from './judge.js';
export { type ContractKeys, DEFAULT_RATE_LIMIT } from './keys.js';
export { MODELS, type ModelFixture } from './models.js';
export {
  type ExchangeKind,
  type RecordedExchange,
  type RecordedJob,
  type Recording,
  readRecording,
} from './recording.js';
export { type CheckResult, type ContractReport, formatSummary } from './report.js';
export type { Finding } from './rules.js';
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
