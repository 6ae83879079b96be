/**
 * The textual uuid forms PostgreSQL's `uuid` type accepts: 32 hex digits in either case, optionally in braces,
 * with an optional hyphen after any group of four digits (the canonical `8-4-4-4-12` form included).
 */
const UUID_TEXT = /^\{?[0-9a-f]{4}(?:-?[0-9a-f]{4}){7}\}?$/i;

/**
 * Whether `value` is text a store could hold as a uuid. Anything else cannot name an instance or an execution,
 * so lookups treat it as unknown instead of sending it to a store that would fail with a raw driver error.
 *
 * @internal
 */
export function isUuidText(value: unknown): value is string {
  return typeof value === "string" && UUID_TEXT.test(value);
}
