import type { Command } from "../command.js";
import { diagramCommand } from "./diagram.js";
import { migrateCommand } from "./migrate.js";
import { validateCommand } from "./validate.js";

/** Every command, in the order `duraflows --help` lists them. */
export const commands: Command[] = [migrateCommand, validateCommand, diagramCommand];
