import {
  InvalidArgumentError,
  type WorkflowPersistenceProvider,
  type WorkflowRuntime,
} from "@duraflows/core";
import { kyselyWorkflowProviders, type WorkflowDatabase } from "@duraflows/kysely";
import { pgWorkflowProviders } from "@duraflows/pg";
import { Kysely, PostgresDialect } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigures } from "../support/figures.js";
import {
  canonicalJson,
  prototypeSnapshot,
  storablePayloads,
  unstorablePayloads,
} from "../support/hostile-values.js";
import {
  EchoCommand,
  HOSTILE_PATH,
  HOSTILE_WORKFLOW,
  hostileNamesWorkflow,
} from "../support/hostile-workflow.js";
import { createReliabilityDatabase, type ReliabilityDatabase } from "../support/pg-database.js";
import { createPgRuntime } from "../support/pg-runtime.js";
import type pg from "pg";

/**
 * Hostile names and payloads through every PostgreSQL store (pg and kysely): storable values round-trip
 * exactly, unstorable ones are refused up front with an InvalidArgumentError naming the path and write nothing,
 * and Object.prototype is never touched.
 */
const prototypeAtStart = prototypeSnapshot();
let db: ReliabilityDatabase;
let kysely: Kysely<WorkflowDatabase>;
let inputsTried = 0;

beforeAll(async () => {
  db = await createReliabilityDatabase("stress-hostile-stores");
  kysely = new Kysely<WorkflowDatabase>({ dialect: new PostgresDialect({ pool: db.database.createPool() }) });
});

afterAll(async () => {
  recordFigures({ inputsTried });
  await kysely?.destroy();
  await db?.database.drop();
});

const stores: [string, () => WorkflowPersistenceProvider][] = [
  ["pg", () => pgWorkflowProviders(db.pool)],
  ["kysely", () => kyselyWorkflowProviders(kysely)],
];

async function counts(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query(
    "SELECT (SELECT count(*) FROM workflow_instances) AS i, (SELECT count(*) FROM workflow_history) AS h",
  );
  return JSON.stringify(rows[0]);
}

describe.each(stores)("hostile input through the %s store", (_label, provider) => {
  it.each(Object.entries(storablePayloads(200_000)))(
    "%s: round-trips in context, metadata, trigger metadata, command-written context, names",
    async (_name, payload) => {
      const rt = runtimeOn(provider());
      inputsTried++;
      const created = await rt.createInstance({
        workflowName: HOSTILE_WORKFLOW,
        context: payload,
        metadata: payload,
        triggerMetadata: payload,
      });
      const read = await rt.getInstance(created.uuid);
      expect(canonicalJson(read!.context)).toBe(canonicalJson(payload));
      expect(canonicalJson(read!.metadata)).toBe(canonicalJson(payload));
      expect(read!.workflowName).toBe(HOSTILE_WORKFLOW);
      expect(read!.currentState).toBe("__proto__");
      for (const step of HOSTILE_PATH) {
        await rt.triggerEvent({
          workflowInstanceUuid: created.uuid,
          eventName: step.event,
          subject: payload,
          triggerMetadata: payload,
        });
      }
      const final = await rt.getInstance(created.uuid);
      expect(final!.currentState).toBe(HOSTILE_PATH.at(-1)!.to);
      expect(canonicalJson(final!.context)).toBe(
        canonicalJson(Object.fromEntries([...Object.entries(payload), ["echo", payload]])),
      );
      expect(canonicalJson(final!.metadata)).toBe(canonicalJson(payload));
      const history = (await rt.getHistory(created.uuid)).reverse();
      expect(history.map((row) => [row.eventName, row.fromState, row.toState])).toEqual(
        HOSTILE_PATH.map((step) => [step.event, step.from, step.to]),
      );
      for (const row of history) expect(canonicalJson(row.triggerMetadata)).toBe(canonicalJson(payload));
      expect(prototypeSnapshot()).toBe(prototypeAtStart);
    },
  );

  it.each(unstorablePayloads(true))(
    "$label: refused up front naming the path, nothing written",
    async ({ value, path }) => {
      const rt = runtimeOn(provider());
      const before = await counts(db.pool);
      for (const field of ["context", "metadata", "triggerMetadata"] as const) {
        inputsTried++;
        const error = await rt
          .createInstance({ workflowName: HOSTILE_WORKFLOW, [field]: value })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidArgumentError);
        expect((error as Error).message.startsWith(`${field}${path}`)).toBe(true);
        expect((error as Error).message).toMatch(/must be storable JSON: /);
      }
      const { uuid } = await rt.createInstance({ workflowName: HOSTILE_WORKFLOW });
      const afterCreate = await counts(db.pool);
      inputsTried += 2;
      await expect(
        rt.triggerEvent({ workflowInstanceUuid: uuid, eventName: "toString", triggerMetadata: value }),
      ).rejects.toThrow(new RegExp(`^triggerMetadata${escape(path)}`));
      // The command writes the subject into the context: refused before the update, rolled back.
      await expect(
        rt.triggerEvent({ workflowInstanceUuid: uuid, eventName: "toString", subject: value }),
      ).rejects.toThrow(new RegExp(`^context\\.echo${escape(path)}`));
      expect(await counts(db.pool)).toBe(afterCreate);
      expect(before).not.toBe(afterCreate); // the plain creation above did write
      expect((await rt.getInstance(uuid))!.version).toBe(0);
      expect(prototypeSnapshot()).toBe(prototypeAtStart);
    },
  );
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function runtimeOn(persistence: WorkflowPersistenceProvider): WorkflowRuntime {
  return createPgRuntime(db.pool, {
    definitions: [hostileNamesWorkflow],
    commands: { echo: new EchoCommand() },
    persistenceOverride: persistence,
  });
}
