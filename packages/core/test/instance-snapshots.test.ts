import { describe, expect, it } from "vitest";
import type { WorkflowInstance } from "../src/model/workflow-instance.js";
import { InstanceSnapshots } from "../src/runtime/instance-snapshots.js";

const at = new Date("2026-01-01T00:00:00.000Z");

function instance(uuid: string, context: Record<string, unknown> = {}): WorkflowInstance {
  return {
    uuid,
    workflowName: "w",
    currentState: "a",
    version: 1,
    definitionVersion: 1,
    expiresAt: new Date(at.getTime() + 60_000),
    timeoutRetry: { attempts: 2, lastError: "boom", retryAt: at, parkedAt: null },
    lastTransitionAt: at,
    context,
    metadata: { tenant: "t" },
    createdAt: at,
    updatedAt: at,
  };
}

describe("InstanceSnapshots", () => {
  it("hands back an equal instance that shares no object with the one kept or an earlier copy", () => {
    const snapshots = new InstanceSnapshots();
    const kept = instance("u1", { nested: { n: 1 } });
    snapshots.keep(kept);
    (kept.context.nested as { n: number }).n = 2;
    kept.expiresAt!.setTime(0);
    const first = snapshots.take("u1")!;
    expect(first).toEqual(instance("u1", { nested: { n: 1 } }));
    first.context.added = true;
    first.metadata.tenant = "other";
    first.timeoutRetry!.retryAt!.setTime(0);
    expect(snapshots.take("u1")).toEqual(instance("u1", { nested: { n: 1 } }));
    expect(snapshots.take("u2")).toBeUndefined();
  });

  it("keeps the context as its JSON text reads back, as a store would return it", () => {
    const snapshots = new InstanceSnapshots();
    snapshots.keep(instance("u1", { when: at, gone: undefined }));
    expect(snapshots.take("u1")!.context).toEqual({ when: at.toISOString() });
  });

  it("forgets the least recently kept instances beyond 1024, and instances too large to be worth it", () => {
    const snapshots = new InstanceSnapshots();
    for (let i = 0; i < 1100; i++) snapshots.keep(instance(`u${i}`));
    expect(snapshots.size).toBe(1024);
    expect(snapshots.take("u0")).toBeUndefined();
    expect(snapshots.take("u75")).toBeUndefined();
    expect(snapshots.take("u76")).toBeDefined();
    snapshots.keep(instance("u76", { big: "x".repeat(70_000) }));
    expect(snapshots.take("u76")).toBeUndefined();
    expect(snapshots.size).toBe(1023);
  });

  it("bounds the text it holds: large contexts push the oldest out", () => {
    const snapshots = new InstanceSnapshots();
    for (let i = 0; i < 100; i++) snapshots.keep(instance(`u${i}`, { blob: "y".repeat(60_000) }));
    // 4 MiB of text at about 60,000 code units each.
    expect(snapshots.size).toBe(69);
    expect(snapshots.take("u30")).toBeUndefined();
    expect(snapshots.take("u31")).toBeDefined();
  });

  it("skips itself for 1, 2, 4 … calls after stale snapshots, and starts over once one holds", () => {
    const snapshots = new InstanceSnapshots();
    snapshots.keep(instance("u1"));
    const takes = (n: number) => Array.from({ length: n }, () => snapshots.take("u1") !== undefined);
    snapshots.keep(instance("u2"));
    snapshots.stale("u2");
    expect(takes(2)).toEqual([false, true]);
    snapshots.stale("u3");
    expect(takes(3)).toEqual([false, false, true]);
    snapshots.held();
    snapshots.stale("u3");
    expect(takes(2)).toEqual([false, true]);
  });

  it("does not remember an instance whose context is not JSON", () => {
    const snapshots = new InstanceSnapshots();
    snapshots.keep(instance("u1"));
    snapshots.keep(instance("u1", { n: 1n }));
    expect(snapshots.take("u1")).toBeUndefined();
    expect(snapshots.size).toBe(0);
  });
});
