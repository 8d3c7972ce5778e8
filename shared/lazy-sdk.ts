/**
 * Imports an SDK lazily (so another cloud's client never loads). Node gives a CommonJS package's
 * named exports on the namespace, but inside an esbuild ESM bundle a dynamic import of CommonJS
 * may expose only `default` (= module.exports): merge both so either way the named classes exist.
 */
export async function importSdk<T extends object>(load: () => Promise<T>): Promise<T> {
  const namespace = (await load()) as T & { default?: unknown };
  const fallback = namespace.default;
  if (fallback === null || typeof fallback !== 'object') return namespace;
  return { ...(fallback as object), ...namespace } as T;
}
