import type { WorkflowDefinition } from "../definition/types.js";
import { findOnEnterCycle, reachableStates } from "./definition-graph.js";
import { isRecord, own, type Rec } from "./own-property.js";
import type { ValidationError, ValidationResult, WorkflowValidationOptions } from "./types.js";

const TIMEOUT_FIELDS = ["afterMinutes", "afterHours", "afterDays"] as const;

/** A target/error reference counts as absent when it is `undefined` or `null`. */
function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function nameSet(value: unknown): { has(name: string): boolean } | undefined {
  return typeof (value as Set<string> | undefined)?.has === "function" ? (value as Set<string>) : undefined;
}

function text(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * Checks a workflow definition and reports every problem at once (each with the path of the offending field),
 * plus unreachable-state warnings. Never throws, even on malformed input.
 *
 * @example
 * ```ts
 * const result = new WorkflowValidator().validate(definition, { knownCommandNames: new Set(["charge"]) });
 * if (!result.valid) console.error(result.errors);
 * ```
 */
export class WorkflowValidator {
  /** Validates `definition`; `valid` is `errors.length === 0`, warnings never make it invalid. */
  validate(definition: WorkflowDefinition, options?: WorkflowValidationOptions): ValidationResult {
    const errors: ValidationError[] = [];
    const warnings: ValidationError[] = [];
    const def: unknown = definition;
    const knownCommands = nameSet(own(options, "knownCommandNames"));
    const knownGuards = nameSet(own(options, "knownGuardNames"));
    const report = (path: string, message: string): void => {
      errors.push({ path, message });
    };

    const name = own(def, "name");
    if (typeof name !== "string" || name.trim() === "") report("name", "Workflow name must be non-empty");

    const rawStates = own(def, "states");
    const states: Rec = isRecord(rawStates) ? rawStates : {};
    const stateNames = Object.keys(states);
    if (stateNames.length === 0) report("states", "Workflow must have at least one state");
    const isState = (value: unknown): value is string =>
      typeof value === "string" && Object.hasOwn(states, value);

    const initialState = own(def, "initialState");
    const hasInitial = isState(initialState);
    if (!hasInitial) report("initialState", `Initial state "${text(initialState)}" does not exist in states`);

    const checkTarget = (path: string, value: unknown): void => {
      if (isPresent(value) && !isState(value)) {
        report(`${path}.targetState`, `Target state "${text(value)}" does not exist in states`);
      }
    };
    const checkError = (path: string, value: unknown): void => {
      if (isPresent(value) && !isState(value)) {
        report(`${path}.errorState`, `Error state "${text(value)}" does not exist in states`);
      }
    };
    const checkCommands = (path: string, commands: unknown): void => {
      if (commands === undefined) return;
      if (!Array.isArray(commands)) {
        report(`${path}.commands`, "Commands must be an array");
        return;
      }
      commands.forEach((ref: unknown, i) => {
        const refPath = `${path}.commands[${i}]`;
        const commandName = own(ref, "name");
        if (!isRecord(ref) || typeof commandName !== "string") {
          report(refPath, "Command reference must be an object with a string name");
          return;
        }
        const transactional = own(ref, "transactional");
        if (transactional !== undefined && typeof transactional !== "boolean") {
          report(`${refPath}.transactional`, "transactional must be a boolean");
        }
        if (knownCommands && !knownCommands.has(commandName)) {
          report(refPath, `Command "${commandName}" is not registered`);
        }
      });
    };

    for (const stateName of stateNames) {
      const statePath = `states.${stateName}`;
      const state = states[stateName];
      if (!isRecord(state)) {
        report(statePath, "State definition must be an object");
        continue;
      }

      const onEnter = own(state, "onEnter");
      if (onEnter !== undefined) {
        const prefix = `${statePath}.onEnter`;
        if (isRecord(onEnter)) {
          checkTarget(prefix, own(onEnter, "targetState"));
          checkError(prefix, own(onEnter, "errorState"));
          checkCommands(prefix, own(onEnter, "commands"));
        } else {
          report(prefix, "onEnter must be an object");
        }
      }

      const events = own(state, "events");
      if (events === undefined) continue;
      if (!isRecord(events)) {
        report(`${statePath}.events`, "Events must be an object");
        continue;
      }
      let timeoutEvents = 0;
      for (const eventName of Object.keys(events)) {
        const eventPath = `${statePath}.events.${eventName}`;
        const event = events[eventName];
        if (eventName.startsWith("$")) report(eventPath, 'Event names starting with "$" are reserved');
        // The compiler's state machine refuses these names, so a definition the validator
        // accepted used to fail at compilation; report them here like every other structural problem.
        if (eventName === "" || eventName.trim() !== eventName) {
          report(eventPath, "Event names must be non-empty without surrounding whitespace");
        }
        if (!isRecord(event)) {
          report(eventPath, "Event definition must be an object");
          continue;
        }
        const targetState = own(event, "targetState");
        const errorState = own(event, "errorState");
        const commands = own(event, "commands");
        const hasCommands = Array.isArray(commands) && commands.length > 0;
        if (!isPresent(targetState) && !isPresent(errorState) && !hasCommands) {
          report(eventPath, "Event must define at least one of: targetState, errorState, or commands");
        }
        checkTarget(eventPath, targetState);
        checkError(eventPath, errorState);
        checkCommands(eventPath, commands);

        const guard = own(event, "guard");
        if (guard !== undefined) {
          const guardName = own(guard, "name");
          if (typeof guardName !== "string") {
            report(`${eventPath}.guard`, "Guard reference must be an object with a string name");
          } else if (knownGuards && !knownGuards.has(guardName)) {
            report(`${eventPath}.guard`, `Guard "${guardName}" is not registered`);
          }
        }

        const timeout = own(event, "timeout");
        if (timeout !== undefined) {
          timeoutEvents++;
          let fields = 0;
          for (const field of TIMEOUT_FIELDS) {
            const value = own(timeout, field);
            if (value === undefined) continue;
            fields++;
            if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
              report(
                `${eventPath}.timeout.${field}`,
                `Timeout field "${field}" must be a positive finite number`,
              );
            }
          }
          if (fields === 0) report(`${eventPath}.timeout`, "Timeout must define at least one duration field");
        }
      }
      if (timeoutEvents > 1) report(statePath, "At most one event per state may define a timeout");
    }

    const cycle = findOnEnterCycle(states, stateNames, isState);
    if (cycle) report("states", `Cycle detected in onEnter chain: ${cycle.join(" -> ")}`);

    if (hasInitial) {
      const reached = reachableStates(states, initialState, isState);
      for (const stateName of stateNames) {
        if (!reached.has(stateName)) {
          warnings.push({
            path: `states.${stateName}`,
            message: `State "${stateName}" is unreachable from initial state "${initialState}"`,
          });
        }
      }
    }

    return { valid: errors.length === 0, errors, warnings };
  }
}
