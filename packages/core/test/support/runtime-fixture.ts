import {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  InMemoryGuardRegistry,
  WorkflowCompiler,
  WorkflowRuntime,
  WorkflowValidator,
  type CommandResult,
  type StateEnterEvent,
  type WorkflowCommand,
  type WorkflowDefinition,
  type WorkflowExecutionContext,
  type WorkflowGuard,
  type WorkflowObserver,
  type WorkflowRuntimeOptions,
} from "@duraflows/core";
import {
  createInMemoryPersistence,
  SimulatedClock,
  type InMemoryPersistence,
  type InMemoryPersistenceOptions,
} from "@duraflows/core/testing";

/** Options of {@link createFixture}. */
export interface FixtureOptions {
  definitions?: WorkflowDefinition[];
  commands?: Record<string, WorkflowCommand<any>>;
  guards?: Record<string, WorkflowGuard<any>> | null;
  persistence?: InMemoryPersistenceOptions;
  runtime?: Partial<WorkflowRuntimeOptions>;
  clock?: SimulatedClock;
}

/** A runtime over fresh in-memory persistence and a simulated clock. */
export interface Fixture {
  runtime: WorkflowRuntime;
  persistence: InMemoryPersistence;
  clock: SimulatedClock;
  definitions: InMemoryDefinitionRegistry;
  commands: InMemoryCommandRegistry;
  guards: InMemoryGuardRegistry | undefined;
  options: WorkflowRuntimeOptions;
}

/** Builds a runtime; `guards: null` leaves the guard registry out. */
export function createFixture(options: FixtureOptions = {}): Fixture {
  const definitions = new InMemoryDefinitionRegistry({
    validator: new WorkflowValidator(),
    compiler: new WorkflowCompiler(),
  });
  for (const definition of options.definitions ?? []) definitions.register(definition);
  const commands = new InMemoryCommandRegistry();
  for (const [name, command] of Object.entries(options.commands ?? {})) commands.register(name, command);
  let guards: InMemoryGuardRegistry | undefined;
  if (options.guards !== null) {
    guards = new InMemoryGuardRegistry();
    for (const [name, guard] of Object.entries(options.guards ?? {})) guards.register(name, guard);
  }
  const persistence = createInMemoryPersistence(options.persistence);
  const clock = options.clock ?? new SimulatedClock();
  const runtimeOptions: WorkflowRuntimeOptions = {
    ...persistence,
    definitionRegistry: definitions,
    commandRegistry: commands,
    ...(guards ? { guardRegistry: guards } : {}),
    clock,
    ...options.runtime,
  };
  return {
    runtime: new WorkflowRuntime(runtimeOptions),
    persistence,
    clock,
    definitions,
    commands,
    guards,
    options: runtimeOptions,
  };
}

/** A command returning `result` and recording every context it saw. */
export function recordingCommand(
  result:
    | CommandResult
    | ((ctx: WorkflowExecutionContext, subject: unknown) => CommandResult | Promise<CommandResult>) = {
    ok: true,
  },
  extra: { bestEffort?: boolean } = {},
): WorkflowCommand<any> & { calls: { subject: unknown; ctx: WorkflowExecutionContext }[] } {
  const calls: { subject: unknown; ctx: WorkflowExecutionContext }[] = [];
  return {
    ...extra,
    calls,
    async execute(subject, ctx) {
      calls.push({ subject, ctx });
      return typeof result === "function" ? result(ctx, subject) : result;
    },
  };
}

/** A command that throws `error`. */
export function throwingCommand(
  error: unknown = new Error("command exploded"),
  extra: { bestEffort?: boolean } = {},
) {
  return {
    ...extra,
    execute(): CommandResult {
      throw error;
    },
  } satisfies WorkflowCommand;
}

/** A guard returning `answer` and recording what it saw. */
export function recordingGuard(answer: boolean | (() => boolean)) {
  const calls: { subject: unknown; ctx: WorkflowExecutionContext }[] = [];
  return {
    name: "recording",
    calls,
    evaluate(subject: unknown, ctx: WorkflowExecutionContext) {
      calls.push({ subject, ctx });
      return typeof answer === "function" ? answer() : answer;
    },
  } satisfies WorkflowGuard & { calls: unknown[] };
}

/** An observer collecting every event. */
export function collectingObserver(name = "collector"): WorkflowObserver & { events: StateEnterEvent[] } {
  const events: StateEnterEvent[] = [];
  return {
    name,
    events,
    onEnter(event) {
      events.push(event);
    },
  };
}

/** History rows in the order they were written (the store returns newest first). */
export async function chronologicalHistory(runtime: WorkflowRuntime, uuid: string) {
  return (await runtime.getHistory(uuid, { limit: 1000 })).reverse();
}
