import {
  toMermaidDiagram,
  type ListExecutionsInput,
  type InstanceStateCount,
  type ListInstancesInput,
} from "@duraflows/core";
import type { DashboardOptions } from "./dashboard-options.js";
import { HttpError } from "./http-io.js";
import { QueryParams, requireUuid } from "./query-params.js";

const STATUSES: readonly NonNullable<ListExecutionsInput["status"]>[] = [
  "pending",
  "running",
  "parked",
  "completed",
  "cancelled",
];

/** Read routes of the JSON API. @internal */
export class DashboardReads {
  constructor(
    private readonly options: DashboardOptions,
    private readonly maxPageSize: number,
  ) {}

  private get instances() {
    return this.options.persistence.instanceStore;
  }

  private get executions() {
    return this.options.persistence.executionStore;
  }

  private missing(capability: string): never {
    throw new HttpError(501, `The configured store does not implement ${capability}`);
  }

  private workflow(name: string) {
    if (!this.options.definitionRegistry.has(name)) throw new HttpError(404, "Unknown workflow");
    return this.options.definitionRegistry.get(name);
  }

  private limit(query: QueryParams): number {
    return query.integer("limit", 1, this.maxPageSize) ?? Math.min(50, this.maxPageSize);
  }

  /** Every workflow with per-state counts, plus timeout and execution signals. */
  async overview(): Promise<unknown> {
    const notes: string[] = [];
    const now = (this.options.clock ?? { now: () => new Date() }).now();
    let counts: InstanceStateCount[] | null = null;
    if (this.instances.countInstancesByState) counts = await this.instances.countInstancesByState({});
    else notes.push("Instance counts need a store implementing countInstancesByState.");
    const timeouts = this.instances.summarizeTimeouts
      ? await this.instances.summarizeTimeouts({ now })
      : (notes.push("Timeout signals need a store implementing summarizeTimeouts."), null);
    const executions = this.executions?.summarizeExecutions
      ? await this.executions.summarizeExecutions()
      : (notes.push("Execution signals need an execution store implementing summarizeExecutions."), null);
    const workflows = this.options.definitionRegistry.getAll().map((definition) => {
      const own = counts?.filter((row) => row.workflowName === definition.name) ?? null;
      return {
        name: definition.name,
        version: definition.version ?? null,
        counts: own,
        total: own?.reduce((sum, row) => sum + row.count, 0) ?? null,
      };
    });
    return { workflows, timeouts, executions, notes };
  }

  /** One workflow: definition, Mermaid source, per-state counts and stored versions. */
  async workflowDetail(name: string): Promise<unknown> {
    const definition = this.workflow(name);
    const counts = this.instances.countInstancesByState
      ? await this.instances.countInstancesByState({ workflowName: name })
      : null;
    let versions: unknown = null;
    try {
      versions = await this.options.runtime.listDefinitionVersions(name);
    } catch {
      versions = null;
    }
    return {
      name,
      version: definition.version ?? null,
      states: Object.keys(definition.states),
      diagram: toMermaidDiagram(definition),
      counts,
      versions,
    };
  }

  /** Per-state counts of one workflow only: what the live diagram polls. */
  async countsOf(name: string): Promise<unknown> {
    this.workflow(name);
    if (!this.instances.countInstancesByState) this.missing("countInstancesByState");
    return { counts: await this.instances.countInstancesByState({ workflowName: name }) };
  }

  /** A filtered keyset page of a workflow's instances, sorted by last transition (default) or creation. */
  async instancesOf(name: string, params: URLSearchParams): Promise<unknown> {
    this.workflow(name);
    if (!this.instances.listInstances) this.missing("listInstances");
    const query = new QueryParams(params);
    const input: ListInstancesInput = { workflowName: name, limit: this.limit(query) };
    const state = query.text("state");
    if (state !== undefined) input.state = state;
    const version = query.integer("version", 0);
    if (version !== undefined) input.definitionVersion = version;
    const key = query.text("metaKey");
    const value = query.text("metaValue");
    if (key !== undefined) input.metadata = { key, value: value ?? "" };
    const dates = ["createdFrom", "createdTo", "lastTransitionFrom", "lastTransitionTo"] as const;
    for (const field of dates) {
      const date = query.date(field);
      if (date !== undefined) input[field] = date;
    }
    const orderBy = query.oneOf("orderBy", ["lastTransitionAt", "createdAt"] as const);
    if (orderBy !== undefined) input.orderBy = orderBy;
    const direction = query.oneOf("direction", ["desc", "asc"] as const);
    if (direction !== undefined) input.direction = direction;
    const after = query.text("after");
    if (after !== undefined) input.after = after;
    return this.instances.listInstances(input);
  }

  /** One instance with its history, available events, active execution and timeout. */
  async instanceDetail(uuid: string): Promise<unknown> {
    requireUuid(uuid);
    const runtime = this.options.runtime;
    const instance = await runtime.getInstance(uuid);
    if (!instance) throw new HttpError(404, "Unknown instance");
    const [history, availableEvents, execution] = await Promise.all([
      runtime.getHistory(uuid, { limit: 200 }),
      runtime.getAvailableEvents({ workflowInstanceUuid: uuid }),
      this.executions ? this.executions.findActive(uuid) : Promise.resolve(null),
    ]);
    const definition = this.options.definitionRegistry.has(instance.workflowName)
      ? this.options.definitionRegistry.get(instance.workflowName)
      : undefined;
    return {
      instance,
      history,
      availableEvents,
      execution,
      diagram: definition ? toMermaidDiagram(definition) : null,
    };
  }

  /** A keyset page of durable executions, optionally of one status. */
  async executionList(params: URLSearchParams): Promise<unknown> {
    if (!this.executions) throw new HttpError(501, "No execution store is configured");
    if (!this.executions.listExecutions) this.missing("listExecutions");
    const query = new QueryParams(params);
    const status = query.oneOf("status", STATUSES);
    const after = query.text("after");
    return this.executions.listExecutions({
      limit: this.limit(query),
      ...(status === undefined ? {} : { status }),
      ...(after === undefined ? {} : { after }),
    });
  }

  /** Parked timeouts, oldest first. */
  async parkedTimeouts(params: URLSearchParams): Promise<unknown> {
    const query = new QueryParams(params);
    const workflowName = query.text("workflow");
    const items = await this.options.runtime.findParkedTimeouts({
      limit: this.limit(query),
      ...(workflowName === undefined ? {} : { workflowName }),
    });
    return { items };
  }
}
