import { toMermaidDiagram, type MigrateInstancesInput, type WorkflowDefinition } from "@duraflows/core";
import { diffDefinitions } from "./definition-diff.js";
import { migrationStatePlan } from "./migration-state-plan.js";
import type { DashboardOptions } from "./dashboard-options.js";
import { HttpError } from "./http-io.js";

function versionNumber(raw: unknown, name: string): number {
  const value = typeof raw === "string" && /^\d{1,9}$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new HttpError(400, `${name} must be a positive integer`);
  }
  return value;
}

/** Definition-version routes: the stored versions, a diff of two, and a migration dry run. @internal */
export class DashboardVersions {
  constructor(
    private readonly options: DashboardOptions,
    private readonly maxPageSize: number,
  ) {}

  private store() {
    const store = this.options.persistence.definitionStore;
    if (!store) throw new HttpError(501, "Definition versions need a definition store");
    return store;
  }

  private known(name: string): void {
    if (!this.options.definitionRegistry.has(name)) throw new HttpError(404, "Unknown workflow");
  }

  private async definition(name: string, version: number): Promise<WorkflowDefinition> {
    const stored = await this.store().findByNameAndVersion(name, version);
    if (!stored) throw new HttpError(404, `Version ${version} of ${name} is not stored`);
    return stored.definitionJson;
  }

  /** Every stored version with its active-instance count, newest first. */
  async list(name: string): Promise<unknown> {
    this.known(name);
    this.store();
    const versions = await this.options.runtime.listDefinitionVersions(name);
    return { items: [...versions].sort((a, b) => b.version - a.version) };
  }

  /** Both versions (states, diagram) and what changed from `fromRaw` to `toRaw`. */
  async diff(name: string, fromRaw: string, toRaw: string): Promise<unknown> {
    this.known(name);
    const fromVersion = versionNumber(fromRaw, "from");
    const toVersion = versionNumber(toRaw, "to");
    const [from, to] = await Promise.all([
      this.definition(name, fromVersion),
      this.definition(name, toVersion),
    ]);
    const side = (version: number, definition: WorkflowDefinition) => ({
      version,
      states: Object.keys(definition.states),
      diagram: toMermaidDiagram(definition),
    });
    return { from: side(fromVersion, from), to: side(toVersion, to), diff: diffDefinitions(from, to) };
  }

  /**
   * What `migrateInstances` would do, without writing: the runtime's own result in dry-run mode (per instance,
   * at most one page), plus `plan`, where each state of the source version goes and how many instances rest
   * in it.
   */
  async dryRun(name: string, body: Record<string, unknown>): Promise<unknown> {
    this.known(name);
    this.store();
    const input: MigrateInstancesInput = {
      workflowName: name,
      fromVersion: versionNumber(body.fromVersion, "fromVersion"),
      toVersion: versionNumber(body.toVersion, "toVersion"),
      dryRun: true,
      limit: this.maxPageSize,
    };
    const mapping = body.stateMapping;
    if (mapping !== undefined) {
      if (mapping === null || typeof mapping !== "object" || Array.isArray(mapping)) {
        throw new HttpError(400, "stateMapping must be an object of state names");
      }
      const entries = Object.entries(mapping);
      if (entries.some(([, to]) => typeof to !== "string")) {
        throw new HttpError(400, "stateMapping must map state names to state names");
      }
      input.stateMapping = Object.fromEntries(entries) as Record<string, string>;
    }
    // The runtime validates the request (and refuses a bad mapping) before anything is counted.
    const result = await this.options.runtime.migrateInstances(input);
    const [from, to] = await Promise.all([
      this.definition(name, input.fromVersion),
      this.definition(name, input.toVersion),
    ]);
    const instances = this.options.persistence.instanceStore;
    let counts: Map<string, number> | null = null;
    if (instances.countInstancesByState) {
      counts = new Map();
      for (const row of await instances.countInstancesByState({ workflowName: name })) {
        if (row.definitionVersion === input.fromVersion) counts.set(row.state, row.count);
      }
    }
    const plan = migrationStatePlan(from, to, input.toVersion, input.stateMapping ?? {}, counts);
    return { ...result, plan };
  }
}
