import type { WorkflowCompiler } from "../compiler/workflow-compiler.js";
import type { WorkflowDefinition } from "../definition/types.js";
import { IncompatibleDefinitionError, WorkflowDefinitionError } from "../errors/definition.error.js";
import { WorkflowError } from "../errors/workflow-error.js";
import type { CompiledWorkflow } from "../compiler/compiled-workflow.js";
import type {
  StoredWorkflowDefinition,
  WorkflowDefinitionStore,
} from "../persistence/workflow-definition-store.js";
import type { WorkflowDefinitionRegistry } from "../registry/types.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";
import { deepClone } from "../util/deep-clone.js";
import { deepFreeze } from "../util/deep-freeze.js";
import type { WorkflowValidator } from "../validator/workflow-validator.js";
import { computeDefinitionHash } from "./compute-definition-hash.js";
import { versionOf } from "../definition/version-of.js";

/** What a {@link DefinitionResolver} reads: the registry, the optional definition store, a compiler and a validator. */
export interface DefinitionResolverDeps {
  definitionRegistry: WorkflowDefinitionRegistry;
  definitionStore?: WorkflowDefinitionStore;
  compiler: WorkflowCompiler;
  validator: WorkflowValidator;
}

/**
 * Decides which definition version governs an instance (pinning, `"latest"` policy, legacy instances), loads
 * and caches stored versions per `name@version` with their content hash, and ensures stored rows whenever an
 * instance is about to be stamped with a version. The runtime owns one; build your own only to inspect
 * resolution outside a runtime.
 *
 * Advanced: for adapters, tooling and tests; applications use `WorkflowRuntime`.
 *
 * @advanced
 * @example
 * ```ts
 * const resolver = new DefinitionResolver({
 *   definitionRegistry,
 *   definitionStore,
 *   compiler: new WorkflowCompiler(),
 *   validator: new WorkflowValidator(),
 * });
 * const { definition } = await resolver.forInstance(instance);
 * ```
 */
export class DefinitionResolver {
  private readonly cache = new Map<string, { hash: string; compiled: CompiledWorkflow }>();
  private readonly hashes = new WeakMap<WorkflowDefinition, string>();
  private warnedNoStore = false;

  constructor(private readonly deps: DefinitionResolverDeps) {}

  /** The latest registered definition, compiled; `WorkflowDefinitionError` when unknown. */
  latest(workflowName: string): CompiledWorkflow {
    return this.deps.compiler.compile(this.deps.definitionRegistry.get(workflowName));
  }

  /**
   * The definition governing `instance`: the latest one without a definition store, for a legacy instance
   * (`definitionVersion: null`), under `versionPolicy: "latest"` (`IncompatibleDefinitionError` when the
   * instance's state is gone) or when the stamped version is the latest; otherwise the stored version it is
   * pinned to (`WorkflowDefinitionError` when missing or invalid), compiled and cached by content hash.
   */
  async forInstance(instance: WorkflowInstance): Promise<CompiledWorkflow> {
    const latest = this.latest(instance.workflowName);
    const definition = latest.definition;
    if (!this.deps.definitionStore) {
      this.warnNoStoreOnce();
      return latest;
    }
    if (instance.definitionVersion === null) return latest;
    if (definition.versionPolicy === "latest") {
      if (Object.hasOwn(definition.states, instance.currentState)) return latest;
      throw new IncompatibleDefinitionError(
        instance.uuid,
        instance.workflowName,
        instance.currentState,
        versionOf(definition),
      );
    }
    if (instance.definitionVersion === versionOf(definition)) return latest;
    const version = instance.definitionVersion;
    const row = await this.deps.definitionStore.findByNameAndVersion(instance.workflowName, version);
    if (!row) {
      throw new WorkflowDefinitionError(
        instance.workflowName,
        `instance ${instance.uuid} is pinned to version ${version}, which is not in the definition store`,
      );
    }
    const cached = this.cache.get(cacheKey(instance.workflowName, version));
    if (cached && cached.hash === row.contentHash) return cached.compiled;
    return this.load(row);
  }

  /** The in-code definition when `version` is the registered one, else the stored (cached) version. */
  async forVersion(workflowName: string, version: number): Promise<CompiledWorkflow> {
    const latest = this.latest(workflowName);
    if (version === versionOf(latest.definition)) return latest;
    const cached = this.cache.get(cacheKey(workflowName, version));
    if (cached) return cached.compiled;
    if (!this.deps.definitionStore) {
      throw new WorkflowError(
        `Loading version ${version} of workflow "${workflowName}" requires a definition store`,
      );
    }
    const row = await this.deps.definitionStore.findByNameAndVersion(workflowName, version);
    if (!row)
      throw new WorkflowDefinitionError(workflowName, `version ${version} is not in the definition store`);
    return this.load(row);
  }

  /** Drops the cached copy of `name@version`. */
  evict(workflowName: string, version: number): void {
    this.cache.delete(cacheKey(workflowName, version));
  }

  /** The content hash of a definition object (memoised per object). */
  hashOf(definition: WorkflowDefinition): string {
    let hash = this.hashes.get(definition);
    if (hash === undefined) {
      hash = computeDefinitionHash(definition);
      this.hashes.set(definition, hash);
    }
    return hash;
  }

  /**
   * Ensures the stored row of `definition`'s version (no-op without a store). For the registered version a
   * different stored hash is a version-bump violation; for another version the cached copy is stale.
   */
  async ensureStored(definition: WorkflowDefinition): Promise<void> {
    const store = this.deps.definitionStore;
    if (!store) return;
    const version = versionOf(definition);
    const hash = this.hashOf(definition);
    const stored = await store.ensure({
      workflowName: definition.name,
      version,
      contentHash: hash,
      definitionJson: definition,
    });
    if (stored.contentHash === hash) return;
    const registered = this.deps.definitionRegistry.get(definition.name);
    if (version === versionOf(registered)) {
      throw new WorkflowDefinitionError(
        definition.name,
        `Definition content changed but version ${version} was not bumped (stored ${stored.contentHash}, registered ${hash}). Bump the definition's "version" field to publish the change.`,
      );
    }
    this.evict(definition.name, version);
    throw new WorkflowDefinitionError(
      definition.name,
      `stored version ${version} differs from the copy loaded earlier (stored ${stored.contentHash}, loaded ${hash}); retry to use the stored version`,
    );
  }

  private load(row: StoredWorkflowDefinition): CompiledWorkflow {
    const definition = deepFreeze(deepClone(row.definitionJson));
    const validation = this.deps.validator.validate(definition);
    if (!validation.valid) {
      throw new WorkflowDefinitionError(
        row.workflowName,
        `stored version ${row.version} is invalid: ${validation.errors.map((e) => e.message).join("; ")}`,
      );
    }
    const compiled = this.deps.compiler.compile(definition);
    this.hashes.set(definition, row.contentHash);
    this.cache.set(cacheKey(row.workflowName, row.version), { hash: row.contentHash, compiled });
    return compiled;
  }

  private warnNoStoreOnce(): void {
    if (this.warnedNoStore) return;
    this.warnedNoStore = true;
    if (this.deps.definitionRegistry.getAll().some((d) => d.versionPolicy !== "latest")) {
      console.warn(
        "[duraflows] definition version pinning is inactive because no definition store is configured; every instance executes the latest registered definition",
      );
    }
  }
}

function cacheKey(workflowName: string, version: number): string {
  return `${workflowName}@${version}`;
}
