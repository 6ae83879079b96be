/**
 * Whether `text` is well-formed UTF-16: every high surrogate is followed by a low one and no low surrogate
 * stands alone (what `String.prototype.isWellFormed` checks on Node 20+ with newer V8).
 *
 * @internal
 */
export function isWellFormedUnicode(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      return false;
    }
  }
  return true;
}
