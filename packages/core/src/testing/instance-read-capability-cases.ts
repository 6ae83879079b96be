import { expect, it } from "./vitest-api.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";
import type { WriteCapabilityFixture } from "./instance-write-capability-cases.js";

const minute = (n: number): Date => new Date(Date.UTC(2021, 0, 1) + n * 60_000);

/**
 * Cases of the optional read capabilities (`countInstancesByState`, `listInstances`, `summarizeTimeouts`),
 * registered inside the instance-store kit; each runs only when the store implements the member and says why it
 * skipped otherwise.
 *
 * @internal
 */
export function registerReadCapabilityCases(current: () => WriteCapabilityFixture): void {
  const skip = (member: string) => `skipped: store does not implement ${member}`;
  const insertAll = async (instances: WorkflowInstance[]) => {
    const { store, runner } = current();
    await runner.runInTransaction(async () => {
      for (const instance of instances) await store.create(instance);
    });
  };

  it("countInstancesByState groups by workflow, definition version and state (skipped when not implemented)", async (ctx) => {
    const { store, makeInstance } = current();
    if (!store.countInstancesByState) return ctx.skip(skip("countInstancesByState"));
    await insertAll([
      makeInstance({ workflowName: "reads-a", currentState: "open" }),
      makeInstance({ workflowName: "reads-a", currentState: "open" }),
      makeInstance({ workflowName: "reads-a", currentState: "done", definitionVersion: 2 }),
      makeInstance({ workflowName: "reads-a", currentState: "<b>x</b>", definitionVersion: null }),
      makeInstance({ workflowName: "reads-b", currentState: "open" }),
    ]);
    const sort = (rows: { workflowName: string; state: string }[]) =>
      [...rows].sort((x, y) => (x.workflowName + x.state < y.workflowName + y.state ? -1 : 1));
    expect(sort(await store.countInstancesByState({ workflowName: "reads-a" }))).toEqual([
      { workflowName: "reads-a", definitionVersion: null, state: "<b>x</b>", count: 1 },
      { workflowName: "reads-a", definitionVersion: 2, state: "done", count: 1 },
      { workflowName: "reads-a", definitionVersion: 1, state: "open", count: 2 },
    ]);
    const all = await store.countInstancesByState({});
    expect(all.filter((row) => row.workflowName === "reads-b")).toEqual([
      { workflowName: "reads-b", definitionVersion: 1, state: "open", count: 1 },
    ]);
  });

  it("listInstances filters and pages by keyset, most recent transition first (skipped when not implemented)", async (ctx) => {
    const { store, makeInstance } = current();
    if (!store.listInstances) return ctx.skip(skip("listInstances"));
    const rows = [0, 1, 2, 3, 4].map((n) =>
      makeInstance({
        workflowName: "reads-list",
        lastTransitionAt: minute(n % 2 === 0 ? 10 : n),
        createdAt: minute(n),
        metadata: { tenant: n < 3 ? "t1" : "t2", n },
      }),
    );
    rows.push(makeInstance({ workflowName: "reads-list", currentState: "done", definitionVersion: 2 }));
    rows.push(makeInstance({ workflowName: "reads-other" }));
    await insertAll(rows);
    const expected = rows
      .filter((row) => row.workflowName === "reads-list")
      .sort(
        (a, b) =>
          b.lastTransitionAt.getTime() - a.lastTransitionAt.getTime() ||
          (a.uuid.toLowerCase() < b.uuid.toLowerCase() ? 1 : -1),
      )
      .map((row) => row.uuid);
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await store.listInstances({ workflowName: "reads-list", limit: 2, after });
      expect(result.items.length).toBeLessThanOrEqual(2);
      seen.push(...result.items.map((row) => row.uuid));
      if (result.nextCursor === null) break;
      after = result.nextCursor;
    }
    expect(seen).toEqual(expected);
    const first = await store.listInstances({ workflowName: "reads-list", limit: 1 });
    expect(first.items[0]).toEqual(rows.find((row) => row.uuid === expected[0]));
    const ids = async (filter: Partial<Parameters<NonNullable<typeof store.listInstances>>[0]>) =>
      (await store.listInstances!({ workflowName: "reads-list", limit: 50, ...filter })).items
        .map((row) => row.uuid)
        .sort();
    expect(await ids({ state: "done" })).toEqual([rows[5].uuid]);
    expect(await ids({ definitionVersion: 2 })).toEqual([rows[5].uuid]);
    expect(await ids({ metadata: { key: "tenant", value: "t2" } })).toEqual(
      [rows[3].uuid, rows[4].uuid].sort(),
    );
    expect(await ids({ metadata: { key: "n", value: 1 } })).toEqual([rows[1].uuid]);
    expect(await ids({ metadata: { key: "n", value: "1" } })).toEqual([]);
    expect(await ids({ createdFrom: minute(1), createdTo: minute(3) })).toEqual(
      [rows[1].uuid, rows[2].uuid].sort(),
    );
    expect(await ids({ lastTransitionFrom: minute(10) })).toEqual(
      [rows[0].uuid, rows[2].uuid, rows[4].uuid].sort(),
    );
    expect(await ids({ lastTransitionTo: minute(2) })).toEqual(
      rows
        .filter((row, i) => i === 5 || i === 1)
        .map((row) => row.uuid)
        .sort(),
    );
    await expect(
      store.listInstances({ workflowName: "reads-list", limit: 1, after: "nope" }),
    ).rejects.toThrow("Invalid cursor");
  });

  it("listInstances sorts by last transition or creation, either direction, with keyset pages (skipped when not implemented)", async (ctx) => {
    const { store, makeInstance } = current();
    if (!store.listInstances) return ctx.skip(skip("listInstances"));
    // Ties on both timestamps (rows 0/2/4 and 1/3 share a transition time, 0/1 a creation time) prove the
    // uuid tie-break follows the direction too.
    const rows = [0, 1, 2, 3, 4, 5].map((n) =>
      makeInstance({
        workflowName: "reads-sort",
        lastTransitionAt: minute(n % 2 === 0 ? 20 : 30),
        createdAt: minute(n < 2 ? 1 : n),
      }),
    );
    rows.push(makeInstance({ workflowName: "reads-sort-other" }));
    await insertAll(rows);
    const own = rows.filter((row) => row.workflowName === "reads-sort");
    const uuidOf = (row: WorkflowInstance) => row.uuid.toLowerCase();
    for (const orderBy of ["lastTransitionAt", "createdAt"] as const) {
      for (const direction of ["desc", "asc"] as const) {
        const sign = direction === "asc" ? 1 : -1;
        const expected = [...own]
          .sort(
            (a, b) =>
              sign * (a[orderBy].getTime() - b[orderBy].getTime() || (uuidOf(a) < uuidOf(b) ? -1 : 1)),
          )
          .map((row) => row.uuid);
        const seen: string[] = [];
        let after: string | undefined;
        for (let page = 0; page < 10; page++) {
          const result = await store.listInstances({
            workflowName: "reads-sort",
            orderBy,
            direction,
            limit: 2,
            after,
          });
          seen.push(...result.items.map((row) => row.uuid));
          if (result.nextCursor === null) break;
          after = result.nextCursor;
        }
        expect(seen, `${orderBy} ${direction}`).toEqual(expected);
      }
    }
    await expect(
      store.listInstances({ workflowName: "reads-sort", limit: 1, orderBy: "uuid" as never }),
    ).rejects.toThrow('orderBy must be "lastTransitionAt" or "createdAt"');
    await expect(
      store.listInstances({ workflowName: "reads-sort", limit: 1, direction: "up" as never }),
    ).rejects.toThrow('direction must be "desc" or "asc"');
  });

  it("summarizeTimeouts counts overdue and parked timeouts with the oldest of each (skipped when not implemented)", async (ctx) => {
    const { store, makeInstance } = current();
    if (!store.summarizeTimeouts) return ctx.skip(skip("summarizeTimeouts"));
    const parked = (at: Date) => ({ attempts: 3, lastError: "boom", retryAt: null, parkedAt: at });
    await insertAll([
      makeInstance({ workflowName: "reads-t", expiresAt: minute(5) }),
      makeInstance({ workflowName: "reads-t", expiresAt: minute(3) }),
      makeInstance({ workflowName: "reads-t", expiresAt: minute(30) }),
      makeInstance({ workflowName: "reads-t", expiresAt: minute(1), timeoutRetry: parked(minute(8)) }),
      makeInstance({ workflowName: "reads-t", expiresAt: minute(1), timeoutRetry: parked(minute(7)) }),
      makeInstance({ workflowName: "reads-u", expiresAt: minute(0) }),
    ]);
    expect(await store.summarizeTimeouts({ now: minute(10), workflowName: "reads-t" })).toEqual({
      overdue: 2,
      oldestOverdueAt: minute(3),
      parked: 2,
      oldestParkedAt: minute(7),
    });
    const all = await store.summarizeTimeouts({ now: minute(10) });
    expect(all.overdue).toBeGreaterThanOrEqual(3);
    expect(await store.summarizeTimeouts({ now: minute(10), workflowName: "none" })).toEqual({
      overdue: 0,
      oldestOverdueAt: null,
      parked: 0,
      oldestParkedAt: null,
    });
  });
}
