import { randomUuid } from "../util/random-uuid.js";
import { WorkflowInstanceBusyError } from "../errors/durable.error.js";
import { describeThrown } from "../errors/describe-thrown.js";
import { MigrationInterruptedError } from "../errors/migration.error.js";
import { WorkflowError } from "../errors/workflow-error.js";
import type { ObserverEventQueue } from "../transition/observed-transaction.js";
import type { RuntimeInternals } from "../transition/runtime-internals.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";
import { deepClone } from "../util/deep-clone.js";
import { deepFreeze } from "../util/deep-freeze.js";
import { planMigration, type MigrationPlan } from "./migration-plan.js";
import type { MigrateInstancesInput, MigrateInstancesResult } from "../model/definition-versions.js";
import { isUuidText } from "../util/is-uuid-text.js";

const PAGE_SIZE = 100;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === null || proto === Object.prototype;
}

/**
 * `migrateInstances`: moves instances of one stored version to another, one transaction per
 * instance, with a dry run that reports exactly what a real run would do and cursor paging.
 *
 * @internal
 */
export class InstanceMigrator {
  constructor(
    private readonly internals: RuntimeInternals,
    private readonly syncDefinitions: () => Promise<void>,
  ) {}

  /** Runs the migration; listing failures throw `MigrationInterruptedError` carrying the partial result. */
  async migrate(input: MigrateInstancesInput): Promise<MigrateInstancesResult> {
    const plan = await planMigration(this.internals, this.syncDefinitions, input);
    const result: MigrateInstancesResult = {
      dryRun: input.dryRun === true,
      migrated: [],
      skipped: [],
      failed: [],
      nextCursor: null,
      warnings: plan.warnings,
    };
    if (input.instanceUuids !== undefined) {
      const unique = [...new Set(input.instanceUuids)].slice(0, plan.limit);
      for (const uuid of unique) await this.migrateOne(plan, uuid, result);
      return result;
    }
    await this.migratePages(plan, result);
    return result;
  }

  private async migratePages(plan: MigrationPlan, result: MigrateInstancesResult): Promise<void> {
    const { input } = plan;
    let examined = 0;
    let last: string | undefined = input.cursor;
    for (;;) {
      const size = Math.min(PAGE_SIZE, plan.limit - examined);
      let page: string[];
      try {
        page = await this.listPage(plan, size, last);
      } catch (cause) {
        result.nextCursor = last ?? null;
        throw new MigrationInterruptedError(result, examined, cause);
      }
      if (page.length === 0) return;
      for (const uuid of page) {
        await this.migrateOne(plan, uuid, result);
        examined++;
        last = uuid;
      }
      if (examined >= plan.limit) {
        result.nextCursor = last ?? null;
        return;
      }
    }
  }

  private async listPage(
    plan: MigrationPlan,
    size: number,
    afterUuid: string | undefined,
  ): Promise<string[]> {
    const { input } = plan;
    const page = await this.internals.instanceStore.findInstanceUuids!({
      workflowName: input.workflowName,
      definitionVersion: input.fromVersion,
      limit: size,
      ...(afterUuid !== undefined ? { afterUuid } : {}),
      ...(input.states !== undefined ? { states: input.states } : {}),
      ...(input.excludeStates !== undefined ? { excludeStates: input.excludeStates } : {}),
    });
    const truncated = page.slice(0, size);
    let previous = afterUuid;
    for (const uuid of truncated) {
      if (typeof uuid !== "string" || uuid === "") {
        throw new WorkflowError("findInstanceUuids returned a page with an entry that is not a UUID string");
      }
      if (previous !== undefined && !(uuid > previous)) {
        throw new WorkflowError(`findInstanceUuids returned a page that does not advance past ${previous}`);
      }
      previous = uuid;
    }
    return truncated;
  }

  private async migrateOne(plan: MigrationPlan, uuid: string, result: MigrateInstancesResult): Promise<void> {
    try {
      if (plan.input.dryRun === true) {
        const instance = isUuidText(uuid) ? await this.internals.instanceStore.findByUuid(uuid) : null;
        const outcome = await this.decide(plan, uuid, instance);
        if (outcome.kind === "skip") result.skipped.push({ uuid, reason: outcome.reason });
        else result.migrated.push({ uuid, fromState: outcome.fromState, toState: outcome.toState });
        return;
      }
      const outcome = await this.internals.observed.run(async (queue) => {
        const instance = isUuidText(uuid) ? await this.internals.instanceStore.lockByUuid(uuid) : null;
        const decision = await this.decide(plan, uuid, instance);
        if (decision.kind === "migrate") await this.write(plan, instance!, decision, queue);
        return decision;
      });
      if (outcome.kind === "skip") result.skipped.push({ uuid, reason: outcome.reason });
      else result.migrated.push({ uuid, fromState: outcome.fromState, toState: outcome.toState });
    } catch (error) {
      result.failed.push({ uuid, error: describeThrown(error) });
    }
  }

  private async decide(
    plan: MigrationPlan,
    uuid: string,
    instance: WorkflowInstance | null,
  ): Promise<Decision> {
    const { input, target } = plan;
    if (!instance) return skip("not found");
    if (instance.workflowName !== input.workflowName)
      return skip(`belongs to workflow ${instance.workflowName}`);
    if (instance.definitionVersion === null) return skip("unstamped");
    if (instance.definitionVersion !== input.fromVersion) {
      return skip(`on version ${instance.definitionVersion}, not ${input.fromVersion}`);
    }
    const state = instance.currentState;
    const excluded =
      (input.states !== undefined && !input.states.includes(state)) ||
      (input.excludeStates ?? []).includes(state);
    if (excluded) return skip(`state ${state} is excluded by the state filter`);
    const mapping = input.stateMapping ?? {};
    const toState = Object.hasOwn(mapping, state) ? mapping[state] : state;
    const states = target.definition.states;
    if (!Object.hasOwn(states, toState)) {
      return skip(`state ${state} has no mapping and does not exist in version ${input.toVersion}`);
    }
    if (states[toState].onEnter) return skip(`state ${state} has an onEnter in version ${input.toVersion}`);
    if (this.internals.executionStore && (await this.internals.executionStore.findActive(uuid))) {
      throw new WorkflowInstanceBusyError(uuid);
    }
    return { kind: "migrate", fromState: state, toState, context: transformContext(input, instance) };
  }

  private async write(
    plan: MigrationPlan,
    instance: WorkflowInstance,
    decision: MigrateDecision,
    queue: ObserverEventQueue,
  ): Promise<void> {
    const { input, target } = plan;
    await this.internals.resolver.ensureStored(target.definition);
    const now = this.internals.clock.now();
    instance.currentState = decision.toState;
    instance.definitionVersion = input.toVersion;
    instance.context = decision.context;
    instance.expiresAt = this.internals.timeoutResolver.computeDeadline(
      target.definition,
      decision.toState,
      instance.lastTransitionAt,
    );
    instance.timeoutRetry = null;
    instance.version++;
    instance.updatedAt = now;
    const triggerMetadata = {
      source: "migration",
      fromVersion: input.fromVersion,
      toVersion: input.toVersion,
    };
    await this.internals.transitions.record(instance, {
      workflowInstanceUuid: instance.uuid,
      fromState: decision.fromState,
      eventName: "$migrated",
      toState: decision.toState,
      outcome: "success",
      commandResultsJson: [],
      triggerMetadata,
      definitionVersion: input.toVersion,
    });
    this.internals.transitions.queueEntry(queue, instance, {
      fromState: decision.fromState,
      transitionUuid: randomUuid(),
      triggerEvent: "$migrated",
      triggerMetadata: deepFreeze(triggerMetadata),
      occurredAt: now,
    });
  }
}

interface MigrateDecision {
  kind: "migrate";
  fromState: string;
  toState: string;
  context: Record<string, unknown>;
}

type Decision = { kind: "skip"; reason: string } | MigrateDecision;

function skip(reason: string): Decision {
  return { kind: "skip", reason };
}

function transformContext(input: MigrateInstancesInput, instance: WorkflowInstance): Record<string, unknown> {
  if (!input.transformContext) return instance.context;
  const transformed = input.transformContext(deepClone(instance.context), deepFreeze(deepClone(instance)));
  if (!isPlainObject(transformed)) throw new WorkflowError("transformContext must return a plain object");
  const normalized = JSON.parse(JSON.stringify(transformed)) as unknown;
  if (!isPlainObject(normalized)) throw new WorkflowError("transformContext must return a plain object");
  return normalized;
}
