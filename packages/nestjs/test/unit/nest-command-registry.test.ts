import "reflect-metadata";
import { Inject, Injectable, Module, Scope } from "@nestjs/common";
import { ModuleRef } from "@nestjs/core";
import { Test } from "@nestjs/testing";
import { WorkflowError, type CommandResult } from "@duraflows/core";
import { describe, expect, it } from "vitest";
import { NestCommandRegistry } from "../../src/index.js";
import { COMMAND_SCOPE_HINT } from "../../src/workflow.messages.js";

@Injectable()
class SingletonCommand {
  execute(): CommandResult {
    return { ok: true };
  }
}

@Injectable({ scope: Scope.REQUEST })
class RequestScopedCommand {
  execute(): CommandResult {
    return { ok: true };
  }
}

@Injectable({ scope: Scope.TRANSIENT })
class TransientCommand {
  execute(): CommandResult {
    return { ok: true };
  }
}

@Injectable()
class NotProvided {
  execute(): CommandResult {
    return { ok: true };
  }
}

async function moduleRefWith(providers: any[]): Promise<ModuleRef> {
  @Module({ providers })
  class Host {}
  const module = await Test.createTestingModule({ imports: [Host] }).compile();
  return module.get(ModuleRef);
}

function thrown(fn: () => unknown): WorkflowError {
  try {
    fn();
  } catch (error) {
    return error as WorkflowError;
  }
  throw new Error("expected a throw");
}

describe("NestCommandRegistry", () => {
  it("rejects duplicate names with the exact message", async () => {
    const moduleRef = await moduleRefWith([SingletonCommand]);
    const build = () =>
      new NestCommandRegistry(moduleRef, [
        { name: "a", useClass: SingletonCommand },
        { name: "a", useClass: NotProvided },
      ]);
    expect(build).toThrow(WorkflowError);
    expect(build).toThrow('Command "a" is already registered');
  });

  it("resolves singletons from the container, non-strictly", async () => {
    const moduleRef = await moduleRefWith([SingletonCommand]);
    const registry = new NestCommandRegistry(moduleRef, [{ name: "single", useClass: SingletonCommand }]);
    expect(registry.get("single")).toBeInstanceOf(SingletonCommand);
    expect(registry.get("single")).toBe(registry.get("single"));
    expect(registry.has("single")).toBe(true);
    expect(registry.has("other")).toBe(false);
    expect(registry.getRegisteredNames()).toEqual(new Set(["single"]));
  });

  it("throws the exact not-found message for an unknown name", async () => {
    const registry = new NestCommandRegistry(await moduleRefWith([]), []);
    expect(() => registry.get("ghost")).toThrow(new WorkflowError('Command "ghost" not found in registry'));
  });

  it("wraps a resolution failure with its cause and no scope hint", async () => {
    const registry = new NestCommandRegistry(await moduleRefWith([]), [
      { name: "missing", useClass: NotProvided },
    ]);
    const error = thrown(() => registry.get("missing"));
    expect(error).toBeInstanceOf(WorkflowError);
    expect(error.message).toBe('Command "missing" could not be resolved from the NestJS container.');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it.each([
    ["REQUEST", RequestScopedCommand],
    ["TRANSIENT", TransientCommand],
  ])("adds the singleton-scope hint for a %s-scoped command", async (_scope, cls) => {
    const registry = new NestCommandRegistry(await moduleRefWith([cls]), [{ name: "scoped", useClass: cls }]);
    const error = thrown(() => registry.get("scoped"));
    expect((error.cause as Error).constructor.name).toBe("InvalidClassScopeException");
    expect(error.message).toBe(
      `Command "scoped" could not be resolved from the NestJS container.${COMMAND_SCOPE_HINT}`,
    );
    expect(error.message).toContain("must be singleton-scoped");
    expect(error.message).toContain("REQUEST- and TRANSIENT-scoped providers are not supported");
  });

  it("adds the hint when the cause message mentions a scoped provider", async () => {
    const moduleRef = {
      get: () => {
        throw new Error("X is marked as a Scoped Provider");
      },
    } as unknown as ModuleRef;
    const registry = new NestCommandRegistry(moduleRef, [{ name: "odd", useClass: NotProvided }]);
    expect(thrown(() => registry.get("odd")).message).toContain("must be singleton-scoped");
  });

  it("uses the module's injector so commands get their dependencies", async () => {
    @Injectable()
    class Dependency {
      readonly value = 7;
    }
    @Injectable()
    class WithDependency {
      constructor(@Inject(Dependency) readonly dependency: Dependency) {}
      execute(): CommandResult {
        return { ok: true };
      }
    }
    const registry = new NestCommandRegistry(await moduleRefWith([Dependency, WithDependency]), [
      { name: "dep", useClass: WithDependency },
    ]);
    expect((registry.get("dep") as WithDependency).dependency.value).toBe(7);
  });
});
