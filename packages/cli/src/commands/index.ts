import type { Command } from "../command.js";
import { diagramCommand } from "./diagram.js";
import { historyCommand, instanceCommand, instancesCommand, triggerCommand } from "./instances.js";
import { migrateCommand } from "./migrate.js";
import { migrateInstancesCommand } from "./migrate-instances.js";
import { executionsCommand, sweepCommand, timeoutsCommand } from "./operations.js";
import { outboxCommand } from "./outbox.js";
import { triggerManyCommand } from "./trigger-many.js";
import { validateCommand } from "./validate.js";
import { versionsCommand } from "./versions.js";
import { workerCommand } from "./worker.js";

/** Every command, in the order `duraflows --help` lists them. */
export const commands: Command[] = [
  migrateCommand,
  validateCommand,
  diagramCommand,
  versionsCommand,
  instancesCommand,
  instanceCommand,
  historyCommand,
  triggerCommand,
  triggerManyCommand,
  executionsCommand,
  timeoutsCommand,
  outboxCommand,
  sweepCommand,
  migrateInstancesCommand,
  workerCommand,
];
