/**
 * Reads an environment variable where the runtime has one: Node and Bun expose `process.env`,
 * Deno `Deno.env` (which throws without `--allow-env`). Browsers have none. No Node built-in is
 * imported, so the client core stays portable.
 */
export function readEnv(name: string): string | undefined {
  const runtime = globalThis as {
    process?: { env?: Record<string, string | undefined> };
    Deno?: { env?: { get(key: string): string | undefined } };
  };
  try {
    const value = runtime.process?.env?.[name] ?? runtime.Deno?.env?.get(name);
    return value === '' ? undefined : value;
  } catch {
    return undefined;
  }
}
