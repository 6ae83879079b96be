import type { WorkflowPersistenceProvider } from "@duraflows/core";
import { describe, expect, it } from "vitest";

/** A class an adapter's store or runner is an instance of. */
type StoreClass = abstract new (...args: never[]) => unknown;

/** Harness of {@link runProviderCompositionScenarios}: an adapter's provider factory and its classes. */
export interface ProviderCompositionHarness {
  /** Calls the factory on a stand-in connection; with no argument, calls it without options. */
  build(options?: {
    idempotency?: boolean;
    durableExecution?: boolean;
    outbox?: boolean;
    notify?: boolean;
  }): WorkflowPersistenceProvider;
  classes: Record<keyof Required<WorkflowPersistenceProvider>, StoreClass>;
}

const BASE_KEYS = ["definitionStore", "historyStore", "instanceStore", "transactionRunner"] as const;

/**
 * Provider composition rules shared by the SQL adapters: the four base members
 * always, each optional store only on its own flag, and disabled stores absent (not `undefined`), so spreading
 * the provider never overrides a store passed next to it.
 */
export function runProviderCompositionScenarios(label: string, harness: ProviderCompositionHarness): void {
  describe(`${label}: provider composition`, () => {
    it("gives the base provider without options: the optional stores are absent, not undefined", () => {
      for (const provider of [
        harness.build(),
        harness.build({ idempotency: false, durableExecution: false }),
      ]) {
        expect(Object.keys(provider).sort()).toEqual([...BASE_KEYS]);
        for (const key of BASE_KEYS) expect(provider[key]).toBeInstanceOf(harness.classes[key]);
      }
    });

    it("adds each optional store on its own flag", () => {
      const idempotent = harness.build({ idempotency: true });
      expect(idempotent.idempotencyStore).toBeInstanceOf(harness.classes.idempotencyStore);
      expect("executionStore" in idempotent).toBe(false);
      const durable = harness.build({ durableExecution: true });
      expect(durable.executionStore).toBeInstanceOf(harness.classes.executionStore);
      expect("idempotencyStore" in durable).toBe(false);
      const outbox = harness.build({ outbox: true });
      expect(outbox.outboxStore).toBeInstanceOf(harness.classes.outboxStore);
      expect("wakeNotifier" in outbox).toBe(false);
      const notifying = harness.build({ notify: true });
      expect(notifying.wakeNotifier).toBeInstanceOf(harness.classes.wakeNotifier);
      expect("outboxStore" in notifying).toBe(false);
    });
  });
}
