const MAX_DIAGNOSTIC_LENGTH = 2000;
const REPLACEMENT = "\uFFFD";

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Makes diagnostic text safe to store: NUL and unpaired UTF-16 surrogates become U+FFFD, and the text is
 * truncated to 2000 UTF-16 code units without splitting a surrogate pair.
 *
 * @internal
 */
export function sanitizeDiagnostic(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let piece: string;
    if (code === 0) {
      piece = REPLACEMENT;
    } else if (isHighSurrogate(code)) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : -1;
      if (isLowSurrogate(next)) {
        piece = text.slice(i, i + 2);
        i++;
      } else {
        piece = REPLACEMENT;
      }
    } else if (isLowSurrogate(code)) {
      piece = REPLACEMENT;
    } else {
      piece = text[i];
    }
    if (out.length + piece.length > MAX_DIAGNOSTIC_LENGTH) break;
    out += piece;
  }
  return out;
}
