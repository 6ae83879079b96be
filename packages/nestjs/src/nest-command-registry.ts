import type { Type } from "@nestjs/common";
import type { ModuleRef } from "@nestjs/core";
import { WorkflowError, type WorkflowCommand, type WorkflowCommandRegistry } from "@duraflows/core";
import {
  COMMAND_SCOPE_HINT,
  commandAlreadyRegisteredMessage,
  commandNotFoundMessage,
  commandUnresolvableMessage,
} from "./workflow.messages.js";

/** One command class registered under a name: `{ name, useClass }`. */
export interface WorkflowCommandRegistration {
  name: string;
  useClass: Type<WorkflowCommand<any>>;
}

/**
 * A `WorkflowCommandRegistry` that resolves command classes from the NestJS container on each `get`, so
 * commands are ordinary singleton providers with their own injected dependencies.
 */
export class NestCommandRegistry implements WorkflowCommandRegistry {
  private readonly classes = new Map<string, Type<WorkflowCommand<any>>>();

  /**
   * `registrations` defaults to none. Throws `WorkflowError('Command "<name>" is already registered')` for a
   * duplicate name.
   */
  constructor(
    private readonly moduleRef: ModuleRef,
    registrations: readonly WorkflowCommandRegistration[] = [],
  ) {
    for (const { name, useClass } of registrations) {
      if (this.classes.has(name)) throw new WorkflowError(commandAlreadyRegisteredMessage(name));
      this.classes.set(name, useClass);
    }
  }

  /**
   * Resolves the command registered under `name` (`moduleRef.get(cls, { strict: false })`). Unknown names and
   * container failures throw `WorkflowError`; a scoped provider adds a hint that commands must be singletons.
   */
  get(name: string): WorkflowCommand<any> {
    const cls = this.classes.get(name);
    if (cls === undefined) throw new WorkflowError(commandNotFoundMessage(name));
    try {
      return this.moduleRef.get(cls, { strict: false });
    } catch (error) {
      const hint = isScopeError(error) ? COMMAND_SCOPE_HINT : "";
      throw new WorkflowError(`${commandUnresolvableMessage(name)}${hint}`, error);
    }
  }

  /** Whether a command is registered under `name`. */
  has(name: string): boolean {
    return this.classes.has(name);
  }

  /** A fresh set of every registered name (used as `knownCommandNames`). */
  getRegisteredNames(): Set<string> {
    return new Set(this.classes.keys());
  }
}

function isScopeError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  if ((error as { constructor?: { name?: unknown } }).constructor?.name === "InvalidClassScopeException")
    return true;
  const message = (error as { message?: unknown }).message;
  return typeof message === "string" && /scoped provider/i.test(message);
}
