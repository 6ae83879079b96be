import { InvalidArgumentError } from "../errors/workflow-error.js";

/**
 * Throws `InvalidArgumentError("<name> must be a positive integer, got <value>")` unless `value` is a safe
 * integer greater than zero.
 *
 * @internal
 */
export function assertPositiveSafeInteger(name: string, value: unknown): void {
  if (!Number.isSafeInteger(value) || (value as number) <= 0) {
    throw new InvalidArgumentError(`${name} must be a positive integer, got ${renderValue(value)}`);
  }
}

/**
 * Throws `InvalidArgumentError("<name> must be a non-negative integer, got <value>")` unless `value` is a
 * safe integer greater than or equal to zero.
 *
 * @internal
 */
export function assertNonNegativeSafeInteger(name: string, value: unknown): void {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new InvalidArgumentError(`${name} must be a non-negative integer, got ${renderValue(value)}`);
  }
}

function renderValue(value: unknown): string {
  try {
    return String(value);
  } catch {
    // Null-prototype objects have no toString; the message must still be built.
    return Object.prototype.toString.call(value);
  }
}
