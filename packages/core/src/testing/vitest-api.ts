import type * as Vitest from "vitest";
import { WorkflowError } from "../errors/workflow-error.js";

// Vitest refuses to be imported outside its runner, so the kits load it only inside a vitest process; the
// in-memory doubles and the simulated clock of this entry then stay usable from any program.
const loaded: typeof Vitest | undefined = process.env.VITEST ? await import("vitest") : undefined;

function outsideVitest(): never {
  throw new WorkflowError(
    "The @duraflows/core/testing conformance kits run inside vitest: call them from a vitest test file",
  );
}

function pick<K extends keyof typeof Vitest>(key: K): (typeof Vitest)[K] {
  return (loaded?.[key] ?? outsideVitest) as (typeof Vitest)[K];
}

/** @internal */
export const describe = pick("describe");
/** @internal */
export const it = pick("it");
/** @internal */
export const expect = pick("expect");
/** @internal */
export const beforeEach = pick("beforeEach");
/** @internal */
export const afterEach = pick("afterEach");
/** @internal */
export const vi = pick("vi");
