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
  return typeof value === "string" && (isCanonicalUuid(value) || UUID_TEXT.test(value));
}

/**
 * The canonical `8-4-4-4-12` form, checked character by character: what nearly every call passes, a few times
 * cheaper than the regular expression (which still decides every other form).
 */
function isCanonicalUuid(text: string): boolean {
  if (text.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const code = text.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (code !== 45) return false;
    } else if (!(code >= 48 && code <= 57) && !((code | 32) >= 97 && (code | 32) <= 102)) {
      return false;
    }
  }
  return true;
}
