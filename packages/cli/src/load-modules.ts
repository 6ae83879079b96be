import { readFile } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { WorkflowCommand, WorkflowDefinition, WorkflowGuard, WorkflowObserver } from "@duraflows/core";
import { CommandError } from "./cli-error.js";

/** A definition and the file it came from. */
export interface LoadedDefinition {
  source: string;
  definition: WorkflowDefinition;
}

/** Command handlers, guards and observers exported by a `--commands` module. */
export interface LoadedHandlers {
  commands: Map<string, WorkflowCommand<any>>;
  guards: WorkflowGuard<any>[];
  /** Observers (`delivery: "outbox"` ones are delivered by `duraflows worker`). */
  observers: WorkflowObserver[];
}

const TS_HINT =
  "TypeScript modules need your loader: NODE_OPTIONS='--import tsx' duraflows … (or build to .js first).";

function looksLikeDefinition(value: unknown): value is WorkflowDefinition {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.name === "string" &&
    typeof candidate.initialState === "string" &&
    typeof candidate.states === "object"
  );
}

/** Imports a user module (ESM or CommonJS; `.js`, `.mjs`, `.cjs`, or `.ts` with a loader) or parses a JSON file. */
async function importFile(path: string): Promise<unknown> {
  const absolute = resolve(path);
  if (extname(absolute) === ".json") {
    let text: string;
    try {
      text = await readFile(absolute, "utf8");
    } catch (error) {
      throw new CommandError(`Cannot read ${path}: ${(error as Error).message}`);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new CommandError(`${path} is not valid JSON: ${(error as Error).message}`);
    }
  }
  try {
    return (await import(pathToFileURL(absolute).href)) as unknown;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ERR_MODULE_NOT_FOUND" && String((error as Error).message).includes(absolute)) {
      throw new CommandError(`Module not found: ${path}`, "Give a path to a .js, .mjs, .cjs or .json file.");
    }
    if (code === "ERR_UNKNOWN_FILE_EXTENSION") throw new CommandError(`Cannot load ${path}`, TS_HINT);
    throw new CommandError(`Loading ${path} failed: ${(error as Error).message}`);
  }
}

/** The values a module exports: named exports, the default export and, for CommonJS, its properties. */
function exportedValues(loaded: unknown): unknown[] {
  if (typeof loaded !== "object" || loaded === null) return [loaded];
  const values: unknown[] = [];
  for (const value of Object.values(loaded)) {
    values.push(value);
    if (Array.isArray(value)) values.push(...(value as unknown[]));
  }
  const fallback = (loaded as { default?: unknown }).default;
  if (typeof fallback === "object" && fallback !== null && !looksLikeDefinition(fallback)) {
    values.push(...exportedValues(fallback));
  }
  return Array.isArray(loaded) ? (loaded as unknown[]) : values;
}

/**
 * Loads every workflow definition from the given files: each exported definition, the definitions in each
 * exported array, and a JSON file holding a definition or an array of them.
 */
export async function loadDefinitions(paths: string[]): Promise<LoadedDefinition[]> {
  const found: LoadedDefinition[] = [];
  const seen = new Set<unknown>();
  for (const path of paths) {
    const loaded = await importFile(path);
    const before = found.length;
    for (const value of looksLikeDefinition(loaded) ? [loaded] : exportedValues(loaded)) {
      if (looksLikeDefinition(value) && !seen.has(value)) {
        seen.add(value);
        found.push({ source: path, definition: value });
      }
    }
    if (found.length === before) {
      throw new CommandError(
        `No workflow definition found in ${path}`,
        "Export definitions (objects with name, initialState and states), or an array of them.",
      );
    }
  }
  return found;
}

/**
 * Loads the handlers of a `--commands` module: `commands` (an object of name → command, also accepted as the
 * default export), `guards` (an array of guards with their `name`) and `observers` (an array of observers).
 */
export async function loadHandlers(path: string | undefined): Promise<LoadedHandlers> {
  const handlers: LoadedHandlers = { commands: new Map(), guards: [], observers: [] };
  if (path === undefined) return handlers;
  const loaded = (await importFile(path)) as Record<string, unknown>;
  const fallback = (loaded.default ?? {}) as Record<string, unknown>;
  const commands = (loaded.commands ??
    fallback.commands ??
    (loaded.guards === undefined ? fallback : undefined)) as Record<string, unknown> | undefined;
  for (const [name, command] of Object.entries(commands ?? {})) {
    if (name === "guards" || name === "observers") continue;
    if (typeof (command as { execute?: unknown })?.execute !== "function") {
      throw new CommandError(`${path}: commands.${name} has no execute() function`);
    }
    handlers.commands.set(name, command as WorkflowCommand<any>);
  }
  const guards = (loaded.guards ?? fallback.guards ?? []) as unknown;
  if (!Array.isArray(guards)) throw new CommandError(`${path}: guards must be an array of guards`);
  handlers.guards.push(...(guards as WorkflowGuard<any>[]));
  const observers = (loaded.observers ?? fallback.observers ?? []) as unknown;
  if (!Array.isArray(observers)) throw new CommandError(`${path}: observers must be an array of observers`);
  handlers.observers.push(...(observers as WorkflowObserver[]));
  return handlers;
}
