import { WorkflowDefinitionError } from "../errors/definition.error.js";
import type { WorkflowTransactionRunner } from "../persistence/workflow-transaction-runner.js";
import type { DefinitionResolver } from "./definition-resolver.js";
import { findUnresolvableVersions, type VersionInspectionDeps } from "./definition-version-inspector.js";

const FAIL_HINT =
  '. Register the missing commands and guards, set versionPolicy: "latest" on the workflow, or set onUnresolvable: "warn".';

/**
 * A step that runs once successfully; concurrent callers outside a transaction share the attempt, a failure is
 * retried next time. A caller inside its own transaction runs the step in that transaction instead: sharing an
 * attempt that needs another pool connection could wait forever on the connection the caller holds, and what
 * the step wrote only counts once the caller's transaction commits (a rollback leaves it to be done again).
 */
class OnceStep {
  private done = false;
  private running: Promise<void> | undefined;

  constructor(
    private readonly work: () => Promise<void>,
    private readonly runner: WorkflowTransactionRunner | undefined,
  ) {}

  /** Whether the work has completed once (then `run` is a no-op). */
  get isDone(): boolean {
    return this.done;
  }

  run(): Promise<void> {
    if (this.done) return Promise.resolve();
    const runner = this.runner;
    if (runner?.isTransactionActive?.() === true) return this.runInCallerTransaction(runner);
    this.running ??= this.work().then(
      () => {
        this.done = true;
        this.running = undefined;
      },
      (error: unknown) => {
        this.running = undefined;
        throw error;
      },
    );
    return this.running;
  }

  private async runInCallerTransaction(runner: WorkflowTransactionRunner): Promise<void> {
    await this.work();
    const markDone = () => {
      this.done = true;
    };
    // Without a usable after-commit hook (none, or a runner bound to a transaction it does not own, whose
    // runtime lives inside that one transaction) the step counts as done at once, as outside a transaction.
    if (!runner.afterCommit) return markDone();
    try {
      runner.afterCommit(markDone);
    } catch {
      markDone();
    }
  }
}

/**
 * `initialize()`: (1) sync every registered definition into the definition store with the version-bump
 * guard, (2) check that every stored version with active instances can execute. Both are no-ops without a
 * definition store.
 *
 * @internal
 */
export class RuntimeInitializer {
  private readonly syncStep: OnceStep;
  private readonly checkStep: OnceStep;

  constructor(
    private readonly deps: VersionInspectionDeps & {
      resolver: DefinitionResolver;
      onUnresolvable: "fail" | "warn";
      transactionRunner?: WorkflowTransactionRunner;
    },
  ) {
    this.syncStep = new OnceStep(() => this.syncDefinitions(), deps.transactionRunner);
    this.checkStep = new OnceStep(() => this.checkExecutability(), deps.transactionRunner);
  }

  /** Both steps, in order. */
  /** Whether `initialize()` has completed, so callers on a hot path can skip awaiting the no-op. */
  get initialized(): boolean {
    return this.syncStep.isDone && this.checkStep.isDone;
  }

  async initialize(): Promise<void> {
    await this.syncStep.run();
    await this.checkStep.run();
  }

  /** Only the definition sync (what `migrateInstances` needs). */
  sync(): Promise<void> {
    return this.syncStep.run();
  }

  private async syncDefinitions(): Promise<void> {
    if (!this.deps.definitionStore) return;
    for (const definition of this.deps.definitionRegistry.getAll()) {
      await this.deps.resolver.ensureStored(definition);
    }
  }

  private async checkExecutability(): Promise<void> {
    if (!this.deps.definitionStore) return;
    const problems = await findUnresolvableVersions(this.deps);
    if (problems.length === 0) return;
    const summary = problems.map((p) => `Workflow "${p.workflowName}": ${p.text}`).join("; ");
    if (this.deps.onUnresolvable === "warn") {
      console.warn(`[duraflows] ${summary}`);
      return;
    }
    const first = problems[0].workflowName;
    const rest = summary.slice(`Workflow "${first}": `.length);
    throw new WorkflowDefinitionError(first, rest + FAIL_HINT);
  }
}
