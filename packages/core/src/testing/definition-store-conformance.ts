import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "./vitest-api.js";
import type { WorkflowDefinition } from "../definition/types.js";
import type { WorkflowDefinitionStore } from "../persistence/workflow-definition-store.js";

/** What {@link runDefinitionStoreConformance} needs for each test. */
export interface DefinitionStoreConformanceHarness {
  /** Called before every test: a store and a `teardown` that is always called after the test. */
  setup(): Promise<{ store: WorkflowDefinitionStore; teardown(): Promise<void> }>;
}

function definition(name: string, version: number, target = "done"): WorkflowDefinition {
  return {
    name,
    version,
    initialState: "open",
    states: {
      open: {
        events: {
          Close: { targetState: target, commands: [{ name: "notify", metadata: { channel: "mail" } }] },
        },
      },
      [target]: {},
    },
  };
}

const hash = (n: number): string => `sha256:${String(n).repeat(64).slice(0, 64)}`;

/**
 * Registers the `WorkflowDefinitionStore` conformance suite.
 *
 * @example
 * ```ts
 * runDefinitionStoreConformance("pg", { setup: async () => ({ store, teardown: async () => {} }) });
 * ```
 */
export function runDefinitionStoreConformance(
  label: string,
  harness: DefinitionStoreConformanceHarness,
): void {
  describe(`${label}: WorkflowDefinitionStore conformance`, () => {
    let store: WorkflowDefinitionStore;
    let teardown: (() => Promise<void>) | undefined;
    let name: string;

    beforeEach(async () => {
      const fixture = await harness.setup();
      store = fixture.store;
      teardown = fixture.teardown;
      name = `definitions-${randomUUID()}`;
    });
    afterEach(async () => {
      await teardown?.();
      teardown = undefined;
    });

    it("ensure inserts and returns the stored row (registeredAt is a Date)", async () => {
      const row = await store.ensure({
        workflowName: name,
        version: 1,
        contentHash: hash(1),
        definitionJson: definition(name, 1),
      });
      expect(row).toMatchObject({ workflowName: name, version: 1, contentHash: hash(1) });
      expect(row.definitionJson).toEqual(definition(name, 1));
      expect(row.registeredAt).toBeInstanceOf(Date);
      expect(Number.isNaN(row.registeredAt.getTime())).toBe(false);
    });

    it("ensure returns the existing row unchanged and never overwrites", async () => {
      const first = await store.ensure({
        workflowName: name,
        version: 1,
        contentHash: hash(1),
        definitionJson: definition(name, 1),
      });
      const second = await store.ensure({
        workflowName: name,
        version: 1,
        contentHash: hash(2),
        definitionJson: definition(name, 1, "other"),
      });
      expect(second).toEqual(first);
      expect(await store.findByNameAndVersion(name, 1)).toEqual(first);
    });

    it("findByNameAndVersion round-trips structurally equal JSON", async () => {
      await store.ensure({
        workflowName: name,
        version: 3,
        contentHash: hash(3),
        definitionJson: definition(name, 3),
      });
      const found = await store.findByNameAndVersion(name, 3);
      expect(found?.definitionJson).toEqual(definition(name, 3));
      expect(found?.contentHash).toBe(hash(3));
    });

    it("findByNameAndVersion of an unknown pair returns null", async () => {
      await store.ensure({
        workflowName: name,
        version: 1,
        contentHash: hash(1),
        definitionJson: definition(name, 1),
      });
      expect(await store.findByNameAndVersion(name, 2)).toBeNull();
      expect(await store.findByNameAndVersion(`${name}-unknown`, 1)).toBeNull();
    });

    it("versions are independent rows", async () => {
      await store.ensure({
        workflowName: name,
        version: 1,
        contentHash: hash(1),
        definitionJson: definition(name, 1),
      });
      await store.ensure({
        workflowName: name,
        version: 2,
        contentHash: hash(2),
        definitionJson: definition(name, 2, "closed"),
      });
      expect((await store.findByNameAndVersion(name, 1))?.contentHash).toBe(hash(1));
      expect((await store.findByNameAndVersion(name, 2))?.definitionJson).toEqual(
        definition(name, 2, "closed"),
      );
    });

    it("listVersions is ascending and per workflow, [] for an unknown workflow", async () => {
      for (const v of [3, 1, 2]) {
        await store.ensure({
          workflowName: name,
          version: v,
          contentHash: hash(v),
          definitionJson: definition(name, v),
        });
      }
      await store.ensure({
        workflowName: `${name}-other`,
        version: 9,
        contentHash: hash(9),
        definitionJson: definition(name, 9),
      });
      expect((await store.listVersions(name)).map((row) => row.version)).toEqual([1, 2, 3]);
      expect(await store.listVersions(`${name}-unknown`)).toEqual([]);
    });
  });
}
