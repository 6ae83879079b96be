import type { MigrateInstancesResult } from "../model/definition-versions.js";
import { describeThrown } from "./describe-thrown.js";
import { brandErrorClass } from "./error-brand.js";
import { WorkflowError } from "./workflow-error.js";

/**
 * Listing migration candidates failed part-way. `result` holds what was done so far; its `nextCursor`
 * resumes after the last examined candidate.
 */
export class MigrationInterruptedError extends WorkflowError {
  static {
    brandErrorClass(this, "MigrationInterruptedError");
  }

  readonly result: MigrateInstancesResult;

  constructor(result: MigrateInstancesResult, examined: number, cause: unknown) {
    super(
      `migrateInstances was interrupted after examining ${examined} candidates: ${describeThrown(cause)}`,
      cause,
    );
    this.result = result;
  }
}
