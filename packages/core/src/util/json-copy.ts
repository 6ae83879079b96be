/**
 * A copy of `value` as its JSON text reads back: what a store that keeps records as JSON returns, so a record
 * handed to a caller is the same whether it came from the database or was just built.
 *
 * @internal
 */
export function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
