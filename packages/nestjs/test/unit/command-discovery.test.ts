import "reflect-metadata";
import { Injectable, Module } from "@nestjs/common";
import { DiscoveryService } from "@nestjs/core";
import { INJECTABLE_WATERMARK } from "@nestjs/common/constants.js";
import { Test } from "@nestjs/testing";
import { WorkflowError, type CommandResult } from "@duraflows/core";
import { createInMemoryPersistence } from "@duraflows/core/testing";
import { describe, expect, it } from "vitest";
import {
  WORKFLOW_COMMAND_METADATA_KEY,
  WORKFLOW_COMMAND_REGISTRY,
  WorkflowCommand,
  WorkflowModule,
  type NestCommandRegistry,
} from "../../src/index.js";
import { discoverWorkflowCommands, mergeCommandRegistrations } from "../../src/command-discovery.js";
import { workflowCommandDiscoverable } from "../../src/decorators/workflow-command.decorator.js";
import { commandConflictMessage } from "../../src/workflow.messages.js";

@WorkflowCommand("greet")
class GreetCommand {
  execute(): CommandResult {
    return { ok: true, message: "hello" };
  }
}

@WorkflowCommand("farewell")
class FarewellCommand {
  execute(): CommandResult {
    return { ok: true };
  }
}

@Injectable()
class PlainCommand {
  execute(): CommandResult {
    return { ok: true };
  }
}

const workflow = {
  name: "greeting",
  initialState: "start",
  states: { start: { events: { Greet: { targetState: "done", commands: [{ name: "greet" }] } } }, done: {} },
};

async function discover(providers: any[]) {
  @Module({ providers })
  class HostModule {}
  const module = await Test.createTestingModule({
    imports: [HostModule],
    providers: [DiscoveryService],
  }).compile();
  return { module, found: discoverWorkflowCommands(module.get(DiscoveryService)) };
}

describe("@WorkflowCommand", () => {
  it("applies @Injectable and stores the name under the discovery decorator's KEY", () => {
    expect(WORKFLOW_COMMAND_METADATA_KEY).toBe(workflowCommandDiscoverable.KEY);
    expect(Reflect.getMetadata(WORKFLOW_COMMAND_METADATA_KEY, GreetCommand)).toBe("greet");
    expect(Reflect.getMetadata(INJECTABLE_WATERMARK, GreetCommand)).toBe(true);
  });
});

describe("command discovery", () => {
  it("finds decorated providers with their names and ignores undecorated ones", async () => {
    const { found } = await discover([GreetCommand, FarewellCommand, PlainCommand]);
    expect(found).toEqual([
      { name: "greet", useClass: GreetCommand },
      { name: "farewell", useClass: FarewellCommand },
    ]);
  });

  it("skips useValue providers (no metatype) and counts a class listed in two modules once", async () => {
    @Module({ providers: [GreetCommand] })
    class OtherModule {}
    const { found } = await discover([
      OtherModule,
      GreetCommand,
      { provide: "value", useValue: new GreetCommand() },
    ]);
    expect(found).toEqual([{ name: "greet", useClass: GreetCommand }]);
  });

  it("skips non-string names", async () => {
    @workflowCommandDiscoverable(42 as unknown as string)
    @Injectable()
    class NumericName {}
    const { found } = await discover([NumericName, FarewellCommand]);
    expect(found).toEqual([{ name: "farewell", useClass: FarewellCommand }]);
  });

  it("takes the first element when the metadata is an array", async () => {
    @workflowCommandDiscoverable(["listed", "ignored"] as unknown as string)
    @Injectable()
    class Listed {}
    const { found } = await discover([Listed]);
    expect(found).toEqual([{ name: "listed", useClass: Listed }]);
  });

  it("merges explicit registrations first, then discovered ones", () => {
    const merged = mergeCommandRegistrations(
      [{ name: "plain", useClass: PlainCommand }],
      [{ name: "greet", useClass: GreetCommand }],
    );
    expect(merged.map((r) => r.name)).toEqual(["plain", "greet"]);
  });

  it("rejects a name registered both explicitly and by decorator with the exact message", () => {
    const merge = () =>
      mergeCommandRegistrations(
        [{ name: "greet", useClass: PlainCommand }],
        [{ name: "greet", useClass: GreetCommand }],
      );
    expect(merge).toThrow(WorkflowError);
    expect(merge).toThrow(
      'Command "greet" is registered both explicitly in module options and via @WorkflowCommand decorator. Remove one registration to resolve the conflict.',
    );
    expect(commandConflictMessage("x")).toContain('Command "x"');
  });

  it("fails bootstrap on a conflict and resolves discovered commands through the module", async () => {
    @Module({ providers: [GreetCommand] })
    class CommandsModule {}
    const conflicting = Test.createTestingModule({
      imports: [
        CommandsModule,
        WorkflowModule.forRoot({
          workflows: [workflow],
          persistence: createInMemoryPersistence(),
          commands: [{ name: "greet", useClass: PlainCommand }],
        }),
      ],
    });
    await expect(conflicting.compile()).rejects.toThrow(/registered both explicitly/);

    const module = await Test.createTestingModule({
      imports: [
        CommandsModule,
        WorkflowModule.forRoot({ workflows: [workflow], persistence: createInMemoryPersistence() }),
      ],
    }).compile();
    const registry = module.get<NestCommandRegistry>(WORKFLOW_COMMAND_REGISTRY);
    expect([...registry.getRegisteredNames()]).toEqual(["greet"]);
    expect(registry.get("greet")).toBe(module.get(GreetCommand));
    await module.close();
  });
});
