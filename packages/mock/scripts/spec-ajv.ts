// The one Ajv set-up that reads the spec's bundle: used by the validator generator and by the
// tests that check answers against the spec.
import { Ajv2020, type Options } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** An Ajv 2020-12 instance that understands the bundle's formats and extensions. */
export function createSpecAjv(options: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, ...options });
  addFormats.default(ajv);
  ajv.addFormat('binary', true);
  ajv.addKeyword({ keyword: 'x-unverified', schemaType: 'boolean' });
  // Where a fact comes from and how to confirm it (see the spec's root description).
  ajv.addKeyword({ keyword: 'x-source', schemaType: ['string', 'array'] });
  ajv.addKeyword({ keyword: 'x-confirm-by', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-judge', schemaType: 'string' });
  // The components travel beside a schema so `#/components/...` references resolve as they do
  // in the bundle.
  ajv.addKeyword({ keyword: 'components' });
  return ajv;
}
