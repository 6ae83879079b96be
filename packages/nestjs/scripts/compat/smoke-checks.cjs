// Boots a real HTTP app with WorkflowModule.forRoot from the installed tarballs and asserts status codes:
// DTO validation (needs emitted decorator metadata), injection, discovery, the filter and the issue #8 400.
"use strict";
/* global require, module, fetch */
/* eslint-disable @typescript-eslint/no-require-imports -- loaded by both smoke apps through require */
const assert = require("node:assert/strict");
const { randomUUID } = require("node:crypto");

/** Stores that answer "nothing there": enough for the routes exercised here. */
function stubPersistence() {
  const created = [];
  return {
    created,
    instanceStore: {
      create: async (instance) => void created.push(instance),
      findByUuid: async () => null,
      lockByUuid: async () => null,
      update: async () => undefined,
      findExpired: async () => [],
      findParkedTimeouts: async () => [],
      countInstances: async () => 0,
    },
    historyStore: { append: async () => undefined, findByInstanceUuid: async () => [] },
    transactionRunner: { runInTransaction: (fn) => fn() },
  };
}

async function runSmoke({ mode, resolved, nestjs, Module, NestFactory }) {
  const expectedEntry = mode === "cjs" ? /index\.cjs$/ : /index\.js$/;
  assert.match(resolved, expectedEntry, `${mode} resolved ${resolved}`);

  class NoopCommand {
    execute() {
      return { ok: true };
    }
  }
  nestjs.WorkflowCommand("noop")(NoopCommand);

  const persistence = stubPersistence();
  const workflow = {
    name: "order",
    initialState: "new",
    states: { new: { events: { Go: { targetState: "done", commands: [{ name: "noop" }] } } }, done: {} },
  };
  class AppModule {}
  Module({
    imports: [nestjs.WorkflowModule.forRoot({ workflows: [workflow], persistence, enableControllers: true })],
    providers: [NoopCommand],
  })(AppModule);

  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, "127.0.0.1");
  const base = `http://127.0.0.1:${app.getHttpServer().address().port}`;
  const post = (path, body) =>
    fetch(base + path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  try {
    const registry = app.get(nestjs.WORKFLOW_COMMAND_REGISTRY);
    assert.deepEqual([...registry.getRegisteredNames()], ["noop"], "decorated command discovered");

    const invalid = await post("/workflows", { extra: 1 });
    assert.equal(invalid.status, 400);
    assert.deepEqual((await invalid.json()).message, [
      "property extra should not exist",
      "workflowName must be a string",
    ]);
    assert.equal((await fetch(`${base}/workflows/not-a-uuid`)).status, 400);
    assert.equal((await post("/workflows", { workflowName: "nope" })).status, 400);
    assert.equal((await fetch(`${base}/workflows/${randomUUID()}`)).status, 404);
    const unknown = await post(`/workflows/${randomUUID()}/events/Go`, {});
    assert.equal(unknown.status, 404);
    assert.equal((await unknown.json()).error, "Not Found");
    const created = await post("/workflows", { workflowName: "order", context: { a: 1 } });
    assert.equal(created.status, 201);
    assert.equal(persistence.created.length, 1);
    console.log(`${mode}: ok (${resolved})`);
  } finally {
    await app.close();
  }
}

module.exports = { runSmoke };
