/**
 * Shallow-merges a state's context patch into the working context, key by key as data properties. Unlike
 * `Object.assign`, an own `"__proto__"` key of the patch (legal JSON, kept by structuredClone) becomes an
 * ordinary key instead of replacing the working context's prototype — which silently lost the key and made its
 * value readable through inheritance.
 *
 * @internal
 */
export function mergePatch(working: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const key of Object.keys(patch)) {
    Object.defineProperty(working, key, {
      value: patch[key],
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
}
