// Bounds on whole processes in a copy of the repository, not speed checks. The copy's install,
// generation and build run on a machine whose two cores the monorepo's other suites share while
// `pnpm test` runs packages in parallel; the figures measured are in the root README.

/** `pnpm gen` (bundle, tsup, then every package's generators). */
export const GEN_TIMEOUT_MS = 900_000;
/** A turbo build of the spec, the client, the mock, the contract kit and the docs. */
export const BUILD_TIMEOUT_MS = 1_200_000;
/** A turbo type-check of the whole workspace. */
export const TYPECHECK_TIMEOUT_MS = 1_200_000;
/** One tsc, lint, vitest or node run. */
export const STEP_TIMEOUT_MS = 600_000;
