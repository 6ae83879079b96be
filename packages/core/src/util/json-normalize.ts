/**
 * JSON round trip (Dates become ISO strings, `undefined` members disappear). Throws whatever
 * `JSON.stringify` throws (cycles, bigint); a top-level value JSON cannot represent yields `undefined`.
 *
 * @internal
 */
export function jsonNormalize<T>(value: T): T {
  const text = JSON.stringify(value);
  return (text === undefined ? undefined : JSON.parse(text)) as T;
}
