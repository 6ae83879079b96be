/**
 * Text for any thrown value: an Error's message, else `String(value)`, else the `Object.prototype.toString`
 * tag, else `"unknown error"`.
 *
 * @internal
 */
export function describeThrown(value: unknown): string {
  if (value instanceof Error) return value.message;
  try {
    return String(value);
  } catch {
    try {
      return Object.prototype.toString.call(value);
    } catch {
      return "unknown error";
    }
  }
}
