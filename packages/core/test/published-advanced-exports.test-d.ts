import { describe, expectTypeOf, it } from "vitest";
import {
  DefinitionResolver,
  TimeoutRetryPolicy,
  deepFreeze,
  referencedNames,
  terminalStates,
  type CompiledWorkflow,
  type DefinitionResolverDeps,
  type WorkflowDefinition,
  type WorkflowInstance,
  type WorkflowTimeoutRetry,
  type WorkflowTimeoutRetryOptions,
} from "@duraflows/core";

describe("published signatures of the advanced exports", () => {
  it("keeps the helper function signatures", () => {
    expectTypeOf(deepFreeze<{ a: number }>).toEqualTypeOf<(value: { a: number }) => { a: number }>();
    expectTypeOf(terminalStates).toEqualTypeOf<(definition: WorkflowDefinition) => string[]>();
    expectTypeOf(referencedNames).returns.toEqualTypeOf<{ commands: Set<string>; guards: Set<string> }>();
    expectTypeOf(referencedNames).parameters.toEqualTypeOf<[WorkflowDefinition]>();
  });

  it("keeps the class signatures", () => {
    expectTypeOf(TimeoutRetryPolicy).constructorParameters.toEqualTypeOf<
      [options?: WorkflowTimeoutRetryOptions]
    >();
    expectTypeOf<TimeoutRetryPolicy["next"]>().toEqualTypeOf<
      (previous: WorkflowTimeoutRetry | null, message: string, now: Date) => WorkflowTimeoutRetry
    >();
    expectTypeOf(DefinitionResolver).constructorParameters.toEqualTypeOf<[deps: DefinitionResolverDeps]>();
    expectTypeOf<DefinitionResolver["forInstance"]>().toEqualTypeOf<
      (instance: WorkflowInstance) => Promise<CompiledWorkflow>
    >();
    expectTypeOf<DefinitionResolver["forVersion"]>().toEqualTypeOf<
      (workflowName: string, version: number) => Promise<CompiledWorkflow>
    >();
    expectTypeOf<DefinitionResolver["evict"]>().toEqualTypeOf<
      (workflowName: string, version: number) => void
    >();
  });
});
