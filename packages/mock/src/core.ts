/**
 * `@segmind-ts/mock/core`: the simulator alone, with no MSW import and no Node built-in, for
 * any adapter (a service worker, an HTTP server, a test runner's own interception).
 */
export * from './core/index.js';
