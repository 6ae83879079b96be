/**
 * The message of a thrown value, for error texts: an `AggregateError` (a refused connection tried on several
 * addresses) gives its first inner message, and a driver `code` is appended.
 *
 * @internal
 */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0 && !error.message) {
    return describeError(error.errors[0]);
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const message = error.message || error.name;
    return typeof code === "string" && !message.includes(code) ? `${message} (${code})` : message;
  }
  return String(error);
}
