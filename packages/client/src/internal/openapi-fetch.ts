import * as openapiFetch from 'openapi-fetch';

type CreateClient = typeof openapiFetch.default;

// openapi-fetch is an ES module whose CommonJS twin sets `exports.default`. The CommonJS build of
// this package wraps that `require()` the way Node's own import of CommonJS from ESM does, so
// there the default import is the whole exports object and the function sits one level down (a
// plain default import threw "is not a function" at the first `new Segmind()`). Read through
// the namespace, whichever level holds the function is taken, in the ESM and CommonJS builds.
const imported = openapiFetch.default as unknown as CreateClient | { default: CreateClient };

/** openapi-fetch's `createClient`, in both builds of this package. */
export const createClient: CreateClient =
  typeof imported === 'function' ? imported : imported.default;
