import type { ProcessInterface } from "@camcima/finita";
import type { WorkflowDefinition } from "../definition/types.js";

/** A definition compiled onto a finita process. */
export interface CompiledWorkflow {
  readonly definition: WorkflowDefinition;
  readonly process: ProcessInterface;
}
