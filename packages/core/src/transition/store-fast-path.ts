/**
 * Whether `store[method]` is still the implementation that came with the class providing `fastPath`, a
 * method that writes what `method` would write without calling it (`appendWithInstanceUpdate` and `appendMany`
 * for `append`, `updateMany` for `update`). It is not when `method` was replaced on the object itself (a
 * decorator assigned over it, a test spy) or overridden by a subclass below the class providing `fastPath`:
 * the fast path would then skip the override, so the runtime calls `method` instead. A subclass overriding
 * both keeps its fast path. When the store has no `fastPath` at all, only a replacement on the object itself
 * is detected.
 *
 * @internal
 */
export function keepsOriginalMethod(store: object, method: string, fastPath: string): boolean {
  if (Object.hasOwn(store, method)) return false;
  if (!(fastPath in store)) return true;
  for (
    let level: object | null = store;
    level !== null;
    level = Object.getPrototypeOf(level) as object | null
  ) {
    if (Object.hasOwn(level, fastPath)) return true;
    if (Object.hasOwn(level, method)) return false;
  }
  return true;
}
