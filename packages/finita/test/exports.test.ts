import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as source from "../src/index.js";

const distDir = fileURLToPath(new URL("../dist/", import.meta.url));
const esmEntry = `${distDir}index.js`;
const cjsEntry = `${distDir}index.cjs`;

/** The published value exports. */
const SPEC_VALUE_EXPORTS = [
  // core
  "Event",
  "State",
  "Transition",
  "StateCollection",
  "Process",
  "Statemachine",
  "Dispatcher",
  // condition
  "Tautology",
  "Contradiction",
  "CallbackCondition",
  "Timeout",
  "AndComposite",
  "OrComposite",
  "Not",
  // observer
  "CallbackObserver",
  "StatefulStatusChanger",
  "OnEnterObserver",
  "TransitionLogger",
  // filter
  "ActiveTransitionFilter",
  "FilterStateByEvent",
  "FilterStateByTransition",
  "FilterStateByFinalState",
  "FilterTransitionByEvent",
  // selector
  "OneOrNoneActiveTransition",
  "ScoreTransition",
  "WeightTransition",
  // mutex
  "NullMutex",
  "LockAdapterMutex",
  "MutexFactory",
  // factory
  "Factory",
  "SingleProcessDetector",
  "AbstractNamedProcessDetector",
  "StatefulStateNameDetector",
  // util
  "SetupHelper",
  "StateCollectionMerger",
  // graph
  "GraphBuilder",
  // error
  "WrongEventForStateError",
  "LockCanNotBeAcquiredError",
  "DuplicateStateError",
  // Appendix A (v3-style surface)
  "ProcessBuilder",
  "FinitaError",
  "GraphValidationError",
  "DuplicateTransitionError",
  "ProcessFinalizedError",
] as const;

/** Additional value exports documented in docs/decisions.md. */
const EXTRA_VALUE_EXPORTS = ["InvalidTransitionError"] as const;

const assertBuilt = (): void => {
  if (!existsSync(esmEntry) || !existsSync(cjsEntry)) {
    throw new Error(`packages/finita/dist is missing (${esmEntry}); run pnpm build first`);
  }
};

describe("package exports", () => {
  it("exposes every spec value export from the ESM build", async () => {
    assertBuilt();
    const esm = (await import(pathToFileURL(esmEntry).href)) as Record<string, unknown>;
    for (const name of SPEC_VALUE_EXPORTS) {
      expect(typeof esm[name], name).toBe("function");
    }
  });

  it("exposes every spec value export from the CJS build", () => {
    assertBuilt();
    const cjs = createRequire(import.meta.url)(cjsEntry) as Record<string, unknown>;
    for (const name of SPEC_VALUE_EXPORTS) {
      expect(typeof cjs[name], name).toBe("function");
    }
  });

  it("exports exactly the documented values, in source and both builds", async () => {
    assertBuilt();
    const expected = [...SPEC_VALUE_EXPORTS, ...EXTRA_VALUE_EXPORTS].sort();
    const esm = (await import(pathToFileURL(esmEntry).href)) as Record<string, unknown>;
    const cjs = createRequire(import.meta.url)(cjsEntry) as Record<string, unknown>;
    expect(Object.keys(source).sort()).toEqual(expected);
    expect(Object.keys(esm).sort()).toEqual(expected);
    expect(
      Object.keys(cjs)
        .filter((k) => k !== "__esModule")
        .sort(),
    ).toEqual(expected);
  });

  it("works end to end from the built CJS bundle", async () => {
    assertBuilt();
    const cjs = createRequire(import.meta.url)(cjsEntry) as typeof source;
    const a = new cjs.State("a");
    a.addTransition(new cjs.Transition(new cjs.State("b"), "go"));
    const sm = new cjs.Statemachine({}, new cjs.Process("p", a), { initialStateName: "a" });
    await sm.triggerEvent("go");
    expect(sm.getCurrentState().getName()).toBe("b");
  });
});
