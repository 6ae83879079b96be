import { describe, expect, it } from "vitest";
import {
  generateDurableExecutionMigrationSql,
  generateHistorySequenceMigrationSql,
  generateInstanceListIndexMigrationSql,
  generateIdempotencyMigrationSql,
  generateMigrationSql,
  generateOutboxMigrationSql,
} from "../../src/pg-schema-manager.js";
import { readDbmateMigrations, withIfNotExists, withoutCommentLines } from "../support/dbmate-migrations.js";

const migrations = readDbmateMigrations();
const upOf = (prefix: string) => withoutCommentLines(migrations.find((m) => m.file.startsWith(prefix))!.up);
const downOf = (prefix: string) => migrations.find((m) => m.file.startsWith(prefix))!.down.trim();

describe("generateMigrationSql", () => {
  it("starts with two comments naming the strategies (chosen one first) and defaults to gen_random_uuid()", () => {
    const { up } = generateMigrationSql();
    const [first, second] = up.split("\n");
    expect(first).toBe(
      "-- duraflows schema, history uuid strategy: gen_random_uuid (DEFAULT gen_random_uuid(), PostgreSQL 13+)",
    );
    expect(second).toBe(
      "-- other strategy: uuidv7 (DEFAULT uuidv7(), PostgreSQL 18+, keeps the order of history rows written in one transaction)",
    );
    expect(up).toContain("uuid UUID PRIMARY KEY DEFAULT gen_random_uuid(),");
    expect(up).not.toContain("PRIMARY KEY DEFAULT uuidv7()");
  });

  it("uses uuidv7() for history uuids with the uuidv7 strategy, and never gives instances a default", () => {
    const { up } = generateMigrationSql({ uuidStrategy: "uuidv7" });
    expect(up.split("\n").slice(0, 2)).toEqual([
      "-- duraflows schema, history uuid strategy: uuidv7 (DEFAULT uuidv7(), PostgreSQL 18+)",
      "-- other strategy: gen_random_uuid (DEFAULT gen_random_uuid(), PostgreSQL 13+, random order within one transaction)",
    ]);
    expect(up).toContain("uuid UUID PRIMARY KEY DEFAULT uuidv7(),");
    expect(up).not.toContain("PRIMARY KEY DEFAULT gen_random_uuid()");
    expect(up).toContain("CREATE TABLE workflow_instances (\n    uuid UUID PRIMARY KEY,\n");
  });

  it("creates the three core tables and every index, optional tables only on request, in order", () => {
    const base = generateMigrationSql().up;
    for (const name of [
      "CREATE TABLE workflow_instances (",
      "CREATE TABLE workflow_history (",
      "CREATE TABLE workflow_definitions (",
      "workflow_instances_workflow_name_idx",
      "workflow_instances_expires_at_idx",
      "workflow_instances_timeout_due_idx",
      "workflow_instances_timeout_parked_idx",
      "workflow_instances_definition_version_idx",
      "workflow_history_instance_created_idx",
      "workflow_history_instance_seq_idx",
      "seq BIGINT GENERATED ALWAYS AS IDENTITY",
      "CONSTRAINT workflow_history_outcome_check CHECK (outcome IN ('success', 'failure', 'guard-rejected'))",
    ]) {
      expect(base).toContain(name);
    }
    expect(base).not.toContain("workflow_event_idempotency");
    expect(base).not.toContain("workflow_executions");
    const full = generateMigrationSql({ includeIdempotency: true, includeDurableExecution: true }).up;
    expect(full.startsWith(base.trimEnd() + "\n\n" + generateIdempotencyMigrationSql().up.trimEnd())).toBe(
      true,
    );
    expect(full.endsWith("\n\n" + generateDurableExecutionMigrationSql().up)).toBe(true);
  });

  it("emits plain CREATE TABLE / CREATE INDEX / CREATE UNIQUE INDEX, never IF NOT EXISTS", () => {
    for (const { up } of [
      generateMigrationSql(),
      generateMigrationSql({
        uuidStrategy: "uuidv7",
        includeIdempotency: true,
        includeDurableExecution: true,
      }),
      generateIdempotencyMigrationSql(),
      generateDurableExecutionMigrationSql(),
    ]) {
      expect(up).not.toContain("IF NOT EXISTS");
      expect(up).toMatch(/^CREATE TABLE /m);
    }
    // Applications insert IF NOT EXISTS themselves with plain replaces; the result must say it exactly once.
    const rerunnable = withIfNotExists(
      generateMigrationSql({ includeIdempotency: true, includeDurableExecution: true }).up,
    );
    expect(rerunnable).not.toContain("IF NOT EXISTS IF NOT EXISTS");
    expect(rerunnable).not.toMatch(/CREATE (UNIQUE )?(TABLE|INDEX) (?!IF NOT EXISTS )/);
  });

  it("creates instances, their indexes, history, its index, definitions, the outbox, then the optional tables, in that order", () => {
    const { up } = generateMigrationSql({ includeIdempotency: true, includeDurableExecution: true });
    expect([...up.matchAll(/^CREATE (?:UNIQUE )?(?:TABLE|INDEX) (\w+)/gm)].map((match) => match[0])).toEqual([
      "CREATE TABLE workflow_instances",
      "CREATE INDEX workflow_instances_workflow_name_idx",
      "CREATE INDEX workflow_instances_expires_at_idx",
      "CREATE INDEX workflow_instances_timeout_due_idx",
      "CREATE INDEX workflow_instances_timeout_parked_idx",
      "CREATE INDEX workflow_instances_definition_version_idx",
      "CREATE INDEX workflow_instances_last_transition_idx",
      "CREATE TABLE workflow_history",
      "CREATE INDEX workflow_history_instance_created_idx",
      "CREATE TABLE workflow_definitions",
      "CREATE TABLE workflow_outbox",
      "CREATE INDEX workflow_outbox_status_seq_idx",
      "CREATE INDEX workflow_outbox_pending_instance_idx",
      "CREATE INDEX workflow_outbox_delivered_at_idx",
      "CREATE TABLE workflow_event_idempotency",
      "CREATE TABLE workflow_executions",
      "CREATE UNIQUE INDEX workflow_executions_active_idx",
      "CREATE INDEX workflow_executions_due_idx",
    ]);
  });

  it("emits upper-case DDL keywords", () => {
    const { up } = generateMigrationSql({ includeIdempotency: true, includeDurableExecution: true });
    // The history sequence block is PL/pgSQL with catalog lookups (lower-case identifiers such as
    // information_schema.columns); it is checked separately below.
    expect(withoutCommentLines(up.replace(generateHistorySequenceMigrationSql().up, ""))).not.toMatch(
      /\b(create|table|index|primary key|not null|default|references|check|unique)\b/,
    );
  });

  it("down drops executions, idempotency, the outbox, then definitions, history, instances", () => {
    expect(generateMigrationSql().down).toBe(
      "DROP TABLE IF EXISTS workflow_outbox;\nDROP TABLE IF EXISTS workflow_definitions;\nDROP TABLE IF EXISTS workflow_history;\nDROP TABLE IF EXISTS workflow_instances;\n",
    );
    const lines = generateMigrationSql({ includeIdempotency: true, includeDurableExecution: true })
      .down.trim()
      .split("\n");
    expect(lines).toEqual([
      "DROP TABLE IF EXISTS workflow_executions;",
      "DROP TABLE IF EXISTS workflow_event_idempotency;",
      "DROP TABLE IF EXISTS workflow_outbox;",
      "DROP TABLE IF EXISTS workflow_definitions;",
      "DROP TABLE IF EXISTS workflow_history;",
      "DROP TABLE IF EXISTS workflow_instances;",
    ]);
    expect(generateMigrationSql({ includeIdempotency: true }).down.split("\n")[0]).toBe(
      "DROP TABLE IF EXISTS workflow_event_idempotency;",
    );
  });
});

// The dbmate files stay re-runnable (IF NOT EXISTS); apart from that they are the generator's text.
describe("standalone generators and the shipped 007/008 files", () => {
  it("007 is exactly generateIdempotencyMigrationSql() made re-runnable", () => {
    expect(upOf("007")).toBe(withIfNotExists(generateIdempotencyMigrationSql().up).trim());
    expect(downOf("007")).toBe(generateIdempotencyMigrationSql().down.trim());
    expect(generateIdempotencyMigrationSql().down).toBe("DROP TABLE IF EXISTS workflow_event_idempotency;\n");
  });

  it("008 is exactly generateDurableExecutionMigrationSql() made re-runnable", () => {
    expect(upOf("008")).toBe(withIfNotExists(generateDurableExecutionMigrationSql().up).trim());
    expect(downOf("008")).toBe(generateDurableExecutionMigrationSql().down.trim());
    expect(generateDurableExecutionMigrationSql().down).toBe("DROP TABLE IF EXISTS workflow_executions;\n");
  });

  it("009 is exactly generateHistorySequenceMigrationSql(), which the full generator also runs", () => {
    expect(upOf("009")).toBe(generateHistorySequenceMigrationSql().up.trim());
    expect(downOf("009")).toBe(generateHistorySequenceMigrationSql().down.trim());
    expect(generateMigrationSql().up).toContain(generateHistorySequenceMigrationSql().up);
    expect(generateHistorySequenceMigrationSql().up).not.toContain("IF NOT EXISTS");
  });

  it("010 is exactly generateOutboxMigrationSql() made re-runnable, which the full generator also runs", () => {
    expect(upOf("010")).toBe(withIfNotExists(generateOutboxMigrationSql().up).trim());
    expect(downOf("010")).toBe(generateOutboxMigrationSql().down.trim());
    expect(generateMigrationSql().up).toContain(generateOutboxMigrationSql().up.trim());
    expect(generateMigrationSql().down).toContain(generateOutboxMigrationSql().down.trim());
  });

  it("011 is exactly generateInstanceListIndexMigrationSql() made re-runnable, which the full generator also runs", () => {
    expect(upOf("011")).toBe(withIfNotExists(generateInstanceListIndexMigrationSql().up).trim());
    expect(downOf("011")).toBe(generateInstanceListIndexMigrationSql().down.trim());
    expect(generateMigrationSql().up).toContain(generateInstanceListIndexMigrationSql().up.trim());
    expect(generateInstanceListIndexMigrationSql().up).toContain(
      "ON workflow_instances (workflow_name, last_transition_at DESC, uuid DESC)",
    );
  });

  it("dbmate 001 hard-codes gen_random_uuid() for history uuids", () => {
    expect(upOf("001")).toContain("uuid UUID PRIMARY KEY DEFAULT gen_random_uuid(),");
    expect(upOf("001")).not.toContain("uuidv7");
  });
});
