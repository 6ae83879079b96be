import { runtime } from "./create-runtime.js";

const instance = await runtime.createInstance({
  workflowName: "order",
  context: { orderId: "A-1001", total: 129.9 }, // mutable: commands add to it
  metadata: { channel: "web" }, // write-once
});

const handle = runtime.getHandle(instance.uuid);
await handle.triggerEvent("PaymentReceived", { triggerMetadata: { actor: "payment-webhook" } });
const result = await handle.triggerEvent("Ship");
console.log(result.outcome, result.fromState, "->", result.toState, result.commandResults);

console.log(await handle.getAvailableEvents()); // [{ eventName: "Close", targetState: "closed", hasTimeout: true, ... }]
console.log((await handle.getInstance())?.context); // { paymentStatus: "paid", orderId: "A-1001", total: 129.9, warehouseTicket: "WH-…" }
console.log(await handle.getHistory({ limit: 10 })); // newest first
