import type { WorkflowCommandRegistration } from "../../src/index.js";
import {
  AuditOrderCommand,
  ChargePaymentCommand,
  ReserveStockCommand,
  ShipOrderCommand,
} from "../fixtures/order-workflow.js";

/** The four order commands as explicit registrations. */
export const explicitOrderCommands: WorkflowCommandRegistration[] = [
  { name: "chargePayment", useClass: ChargePaymentCommand },
  { name: "reserveStock", useClass: ReserveStockCommand },
  { name: "shipOrder", useClass: ShipOrderCommand },
  { name: "auditOrder", useClass: AuditOrderCommand },
];
