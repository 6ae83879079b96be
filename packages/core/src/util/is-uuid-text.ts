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

/** 1 for the ASCII hex digits (either case), 0 for every other code below 128. */
const HEX_DIGIT = new Uint8Array(128);
for (const digit of "0123456789abcdefABCDEF") HEX_DIGIT[digit.charCodeAt(0)] = 1;

/**
 * The canonical `8-4-4-4-12` form, checked character by character: what nearly every call passes, a few times
 * cheaper than the regular expression (which still decides every other form).
 */
function isCanonicalUuid(text: string): boolean {
  if (
    text.length !== 36 ||
    text.charCodeAt(8) !== 45 ||
    text.charCodeAt(13) !== 45 ||
    text.charCodeAt(18) !== 45 ||
    text.charCodeAt(23) !== 45
  )
    return false;
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) continue;
    const code = text.charCodeAt(i);
    if (code >= 128 || HEX_DIGIT[code] === 0) return false;
  }
  return true;
}
