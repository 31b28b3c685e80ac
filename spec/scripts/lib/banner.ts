/** The banner of every file the spec generates: what it is and how to change it. */
export function bannerOf(what: string): string {
  return `/**
 * GENERATED FILE: do not edit by hand.
 *
 * ${what}
 * Edit the spec (spec/openapi.yaml, spec/models/, spec/components/), then run \`pnpm gen\` from
 * the repository root.
 */

`;
}
