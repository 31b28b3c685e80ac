// JSON-pointer and `$ref` helpers for the bundled document: every package that walks the spec
// uses these, so a reference resolves the same way everywhere. No dependency, any runtime.

// biome-ignore lint/suspicious/noExplicitAny: a JSON document is walked generically
type Json = any;

/** One segment of a JSON pointer, unescaped (`~1` is `/`, `~0` is `~`; RFC 6901). */
export function unescapePointerSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** One key as a JSON-pointer segment, escaped (`~` as `~0`, `/` as `~1`; RFC 6901). */
export function escapePointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The unescaped segments of a pointer, `#/a/b` or `/a/b` (`#` and `` are the whole document). */
export function pointerSegments(pointer: string): string[] {
  const path = pointer.replace(/^#/, '');
  if (path === '') return [];
  return path.replace(/^\//, '').split('/').map(unescapePointerSegment);
}

/** The node at `pointer` in `document`, or `undefined` when the path leads nowhere. */
export function resolvePointer(document: Json, pointer: string): Json {
  let at = document;
  for (const key of pointerSegments(pointer)) {
    if (at === null || typeof at !== 'object') return undefined;
    at = at[key];
  }
  return at;
}

/**
 * `node` with its local `$ref`s followed (`#/...`, as a bundle leaves them) until a node that is
 * not a reference. A cycle of references, or one that leads nowhere, throws with its path.
 */
export function deref(document: Json, node: Json): Json {
  const seen = new Set<string>();
  let current = node;
  while (current !== null && typeof current === 'object' && typeof current.$ref === 'string') {
    const ref: string = current.$ref;
    if (!ref.startsWith('#')) throw new Error(`not a local reference: ${ref}`);
    if (seen.has(ref)) throw new Error(`a cycle of references through ${ref}`);
    seen.add(ref);
    current = resolvePointer(document, ref);
    if (current === undefined) throw new Error(`the reference ${ref} leads nowhere`);
  }
  return current;
}
