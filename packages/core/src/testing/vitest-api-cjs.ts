import type * as Vitest from "vitest";
import { WorkflowError } from "../errors/workflow-error.js";

// CommonJS build of ./vitest-api.ts: vitest cannot be loaded from require(), so the kits report that clearly
// while the in-memory doubles and the simulated clock keep working.
function outsideVitest(): never {
  throw new WorkflowError(
    "The @duraflows/core/testing conformance kits need vitest, which loads only from ES modules: import this entry from an ES module test file",
  );
}

/** @internal */
export const describe = outsideVitest as unknown as typeof Vitest.describe;
/** @internal */
export const it = outsideVitest as unknown as typeof Vitest.it;
/** @internal */
export const expect = outsideVitest as unknown as typeof Vitest.expect;
/** @internal */
export const beforeEach = outsideVitest as unknown as typeof Vitest.beforeEach;
/** @internal */
export const afterEach = outsideVitest as unknown as typeof Vitest.afterEach;
/** @internal */
export const vi = outsideVitest as unknown as typeof Vitest.vi;
