import { Inject, Injectable, type OnModuleInit } from "@nestjs/common";
import { type WorkflowRuntime } from "@duraflows/core";
import { WORKFLOW_RUNTIME } from "./workflow.constants.js";

/**
 * Runs `runtime.initialize()` when the module initializes: definition versions are synced to the definition
 * store and the executability check runs, so a bad deployment fails at boot rather than on first use.
 *
 * @internal
 */
@Injectable()
export class WorkflowRuntimeInitializer implements OnModuleInit {
  constructor(@Inject(WORKFLOW_RUNTIME) private readonly runtime: WorkflowRuntime) {}

  /** Awaits `runtime.initialize()`; a failure aborts application bootstrap. */
  async onModuleInit(): Promise<void> {
    await this.runtime.initialize();
  }
}
