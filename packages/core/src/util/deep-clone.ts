/**
 * Deep copy with `structuredClone` semantics (Dates, Maps, Sets, cycles; own `"__proto__"` keys stay data).
 *
 * @internal
 */
export function deepClone<T>(value: T): T {
  return structuredClone(value);
}
