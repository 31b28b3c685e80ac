// The request the banner shows, in curl, TypeScript and Python: the first model of the spec with
// the inputs its first request example gives for what the model requires, so it follows the
// spec and is a valid request as printed.
import { MODEL_EXAMPLES, MODELS } from '@segmind-ts/spec';

type Example = Readonly<Record<string, unknown>>;

/** The first model of the spec and its required inputs, from its first request example. */
export function bannerRequest(): { slug: string; input: Example } {
  const [slug, example] = Object.entries(MODEL_EXAMPLES)[0] as [keyof typeof MODELS, Example];
  const required: readonly string[] = MODELS[slug].required;
  const input = Object.fromEntries(
    Object.entries(example).filter(([key]) => required.includes(key)),
  );
  return { slug, input };
}

/** A string in single quotes, as the banner's other TypeScript lines write them. */
function quoted(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** `input` as a TypeScript object literal: `{ image: 'https://…', return_mask: false }`. */
export function typeScriptLiteral(input: Example): string {
  const key = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : quoted(name));
  const value = (v: unknown) => (typeof v === 'string' ? quoted(v) : JSON.stringify(v));
  const entries = Object.entries(input).map(([name, v]) => `${key(name)}: ${value(v)}`);
  return `{ ${entries.join(', ')} }`;
}

/** `input` as Python keyword arguments: `image="https://…", return_mask=False`. */
export function pythonKeywords(input: Example): string {
  const value = (v: unknown): string =>
    v === true ? 'True' : v === false ? 'False' : v === null ? 'None' : JSON.stringify(v);
  return Object.entries(input)
    .map(([name, v]) => `${name}=${value(v)}`)
    .join(', ');
}
