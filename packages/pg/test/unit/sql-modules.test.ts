import type { DurableWorkflowExecution, WorkflowInstance } from "@duraflows/core";
import { describe, expect, it } from "vitest";
import {
  countInstances,
  countInstancesUsingDefinition,
  insertExecution,
  insertHistory,
  insertInstance,
  insertReservation,
  lockInstanceByUuid,
  selectExpiredInstances,
  selectHistoryByInstance,
  selectInstanceUuids,
  selectParkedTimeouts,
  setLocalTimeouts,
  updateExecution,
  updateInstance,
} from "@duraflows/sql";

const t = (iso: string) => new Date(iso);
const instance: WorkflowInstance = {
  uuid: "00000000-0000-4000-8000-000000000001",
  workflowName: "order",
  currentState: "open",
  version: 4,
  definitionVersion: 2,
  expiresAt: t("2030-01-01T00:00:00Z"),
  timeoutRetry: { attempts: 3, lastError: "boom", retryAt: t("2030-01-02T00:00:00Z"), parkedAt: null },
  lastTransitionAt: t("2029-12-31T00:00:00Z"),
  context: { a: 1 },
  metadata: { m: true },
  createdAt: t("2029-01-01T00:00:00Z"),
  updatedAt: t("2029-12-31T00:00:00Z"),
};

/** The placeholders a statement uses, so each test can check that every value is bound and none is missing. */
const placeholders = (text: string) =>
  [...new Set([...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);

describe("SQL modules", () => {
  it("insertInstance binds the 15 values in spec order, timeout values from timeoutRetry", () => {
    const query = insertInstance(instance);
    expect(placeholders(query.text)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(query.values).toEqual([
      instance.uuid,
      "order",
      "open",
      4,
      instance.expiresAt,
      instance.lastTransitionAt,
      '{"a":1}',
      '{"m":true}',
      instance.createdAt,
      instance.updatedAt,
      2,
      3,
      instance.timeoutRetry!.retryAt,
      "boom",
      null,
    ]);
    expect(insertInstance({ ...instance, timeoutRetry: null }).values.slice(11)).toEqual([
      0,
      null,
      null,
      null,
    ]);
  });

  it("updateInstance guards on version - 1 as $13 and never writes metadata_json", () => {
    const query = updateInstance(instance);
    expect(query.text).not.toContain("metadata_json");
    expect(query.text).toMatch(/WHERE uuid = \$1\n {2}AND version = \$13$/);
    expect(query.values).toHaveLength(13);
    expect(query.values[0]).toBe(instance.uuid);
    expect(query.values[2]).toBe(4);
    expect(query.values[12]).toBe(3);
    expect(query.values.slice(8, 12)).toEqual([3, instance.timeoutRetry!.retryAt, "boom", null]);
  });

  it("lockByUuid locks with FOR UPDATE; findExpired claims with FOR UPDATE SKIP LOCKED in due order", () => {
    expect(lockInstanceByUuid("u").text).toMatch(/WHERE uuid = \$1\nFOR UPDATE$/);
    const now = t("2030-01-01T00:00:00Z");
    const scan = selectExpiredInstances(10, now, false);
    expect(scan.values).toEqual([10, now]);
    expect(scan.text).toContain("AND coalesce(timeout_retry_at, expires_at) < $2");
    expect(scan.text).toMatch(
      /ORDER BY coalesce\(timeout_retry_at, expires_at\)\nFOR UPDATE SKIP LOCKED\nLIMIT \$1$/,
    );
    expect(scan.text).not.toContain("workflow_executions");
    const excluding = selectExpiredInstances(10, now, true).text;
    expect(excluding.indexOf("NOT EXISTS")).toBeLessThan(excluding.indexOf("LIMIT"));
    expect(excluding).toContain("status IN ('pending', 'running', 'parked')");
  });

  it("paging and counting bind nulls for absent filters", () => {
    expect(selectParkedTimeouts(5, undefined).values).toEqual([5, null]);
    expect(countInstances("order", 2, []).values).toEqual(["order", 2, []]);
    expect(selectInstanceUuids({ workflowName: "order", definitionVersion: 2, limit: 7 }).values).toEqual([
      "order",
      2,
      null,
      7,
      null,
      null,
    ]);
    const page = selectInstanceUuids({
      workflowName: "order",
      definitionVersion: 2,
      limit: 7,
      afterUuid: "a",
      states: [],
      excludeStates: ["x"],
    });
    expect(page.values).toEqual(["order", 2, "a", 7, [], ["x"]]);
    expect(page.text).toMatch(/ORDER BY uuid\nLIMIT \$4$/);
  });

  it("history insert maps absent fields to NULL and defaults trigger metadata to {}", () => {
    const query = insertHistory({
      workflowInstanceUuid: "i",
      fromState: null,
      eventName: "go",
      toState: "b",
      outcome: "success",
      commandResultsJson: [{ ok: true }],
    });
    expect(query.values).toEqual(["i", null, "go", "b", "success", null, null, '[{"ok":true}]', "{}", null]);
    expect(query.text).toMatch(/RETURNING uuid$/);
    expect(selectHistoryByInstance("i", 50, 0).text).toContain("ORDER BY seq DESC");
  });

  it("idempotency and execution statements bind their values in spec order", () => {
    expect(insertReservation({ workflowInstanceUuid: "i", key: "k", eventName: "go" }).values).toEqual([
      "i",
      "k",
      "go",
      null,
    ]);
    const execution = {
      uuid: "e",
      workflowInstanceUuid: "i",
      idempotencyKey: "k",
      status: "running",
      revision: 3,
    };
    const record = {
      ...execution,
      availableAt: "2030-01-01T00:00:00.000Z",
      leaseUntil: null,
    } as DurableWorkflowExecution;
    expect(insertExecution(record).values).toEqual([
      "e",
      "i",
      "k",
      "running",
      record.availableAt,
      null,
      3,
      JSON.stringify(record),
    ]);
    const update = updateExecution(record);
    expect(update.values.slice(0, 6)).toEqual(["e", "running", record.availableAt, null, 3, 2]);
    expect(update.text).toMatch(/WHERE uuid = \$1\n {2}AND revision = \$6$/);
    const count = countInstancesUsingDefinition("order", 2, ["done"]);
    expect(count.values).toEqual(["order", 2, ["done"]]);
    expect(count.text).toContain("UNION\n");
    expect(count.text).toContain("coalesce((execution_json #>> '{definition,version}')::integer, 1) = $2");
  });

  it("SET LOCAL statements: lock timeout first, none when nothing is configured", () => {
    expect(setLocalTimeouts({})).toEqual([]);
    expect(setLocalTimeouts({ statementTimeoutMs: 0, lockTimeoutMs: 250 })).toEqual([
      "SET LOCAL lock_timeout = 250",
      "SET LOCAL statement_timeout = 0",
    ]);
  });

  it("every statement is parameterised: values are never spliced into the text", () => {
    const texts = [
      insertInstance(instance),
      updateInstance(instance),
      insertHistory({
        workflowInstanceUuid: "needle-uuid",
        fromState: "needle-from",
        eventName: "needle-event",
        toState: "needle-to",
        outcome: "failure",
        errorMessage: "needle-error",
        commandResultsJson: [],
      }),
    ].map((q) => q.text);
    for (const text of texts) expect(text).not.toMatch(/needle|boom|order|00000000-/);
  });
});
