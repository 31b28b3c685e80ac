// The third model, added to spec/ of a copy as a contributor would: its own file under
// spec/models/, its two paths, its tag and its seed source in spec/openapi.yaml. Nothing else.
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The model's slug, display name, operations and the source its facts cite. */
export const THIRD_MODEL = {
  slug: 'bria-remove-background',
  title: 'Bria Remove Background',
  operations: { sync: 'briaRemoveBackgroundSync', submit: 'briaRemoveBackgroundSubmit' },
  source: 'seed:bria-remove-background',
  /** A slug one letter away, which the client must refuse as a typo of this one. */
  typo: 'bria-remove-backgroud',
} as const;

/** The model file, kept as a fixture of this package. */
const MODEL_FILE = fileURLToPath(
  new URL(`../../fixtures/spec/models/${THIRD_MODEL.slug}.yaml`, import.meta.url),
);

/** What spec/openapi.yaml gains, each inserted before or after a line it must have once. */
const INSERTIONS: { where: string; anchor: RegExp; place: 'before' | 'after'; text: string }[] = [
  {
    where: 'its source, in info.x-sources',
    anchor: /^ {2}x-sources:\n/m,
    place: 'after',
    text: `    ${THIRD_MODEL.source}:
      title: Segmind's ${THIRD_MODEL.slug} model page (parameters, v1 and v2 usage, error codes)
`,
  },
  {
    where: 'its tag, before the requests tag',
    anchor: /^ {2}- name: requests\n/m,
    place: 'before',
    text: `  - name: ${THIRD_MODEL.slug}
    x-displayName: ${THIRD_MODEL.title}
    description: |
      Removes the background of an image and keeps its subject, edges softened by an alpha
      channel. The input image is given either as an \`http(s)\` URL or as a base64 string.
`,
  },
  {
    where: 'its two paths, before the request endpoints',
    anchor: /^ {2}\/v2\/requests\/\{request_id\}\/status:\n/m,
    place: 'before',
    text: `  /v1/${THIRD_MODEL.slug}:
    $ref: models/${THIRD_MODEL.slug}.yaml#/sync
  /v2/${THIRD_MODEL.slug}:
    $ref: models/${THIRD_MODEL.slug}.yaml#/submit
`,
  },
];

/** Adds the third model to spec/ of the copy at `root`; fails when an anchor is missing. */
export async function addThirdModel(root: string): Promise<void> {
  await copyFile(MODEL_FILE, join(root, 'spec', 'models', `${THIRD_MODEL.slug}.yaml`));
  const rootFile = join(root, 'spec', 'openapi.yaml');
  let text = await readFile(rootFile, 'utf8');
  for (const { where, anchor, place, text: added } of INSERTIONS) {
    const matches = text.match(new RegExp(anchor.source, 'gm')) ?? [];
    if (matches.length !== 1) {
      throw new Error(
        `spec/openapi.yaml: cannot add ${where}: ${matches.length} lines match ${anchor}`,
      );
    }
    text = text.replace(anchor, (line) => (place === 'before' ? added + line : line + added));
  }
  await writeFile(rootFile, text);
}
