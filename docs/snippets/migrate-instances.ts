import {
  MigrationInterruptedError,
  type MigrateInstancesResult,
  type WorkflowRuntime,
} from "@duraflows/core";

/** Moves every instance still on version 1 to version 2, a page at a time, resuming from the cursor. */
export async function migrateOrdersToV2(runtime: WorkflowRuntime, dryRun: boolean): Promise<void> {
  console.log(await runtime.listDefinitionVersions("order")); // [{ version, contentHash, registeredAt, activeInstances }]
  let cursor: string | undefined;
  do {
    let page: MigrateInstancesResult;
    try {
      page = await runtime.migrateInstances({
        workflowName: "order",
        fromVersion: 1,
        toVersion: 2,
        stateMapping: { awaiting_stock: "on_hold" }, // states that were renamed or removed
        transformContext: (context) => ({ ...context, currency: context["currency"] ?? "EUR" }),
        excludeStates: ["closed", "cancelled"],
        limit: 500,
        dryRun,
        ...(cursor === undefined ? {} : { cursor }),
      });
    } catch (error) {
      if (error instanceof MigrationInterruptedError) {
        console.error(`interrupted; resume from ${error.result.nextCursor}`);
      }
      throw error;
    }
    console.log(
      `migrated ${page.migrated.length}, skipped ${page.skipped.length}, failed ${page.failed.length}`,
    );
    page.warnings.forEach((warning) => console.warn(warning));
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}
