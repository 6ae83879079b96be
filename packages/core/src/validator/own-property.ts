/** A plain record as read from an untrusted definition. */
export type Rec = Record<string, unknown>;

/**
 * Whether `value` is a non-null, non-array object.
 *
 * @internal
 */
export function isRecord(value: unknown): value is Rec {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Reads an own property only, so inherited `Object.prototype` members never count.
 *
 * @internal
 */
export function own(container: unknown, key: string): unknown {
  if (container === null || typeof container !== "object") return undefined;
  return Object.hasOwn(container, key) ? (container as Rec)[key] : undefined;
}
