import { pool, runtime } from "./pg-setup.js";

try {
  const { uuid } = await runtime.createInstance({
    workflowName: "order",
    context: { orderId: "A-1002", total: 59.5 },
  });
  await runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "PaymentReceived" });
  const result = await runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "Ship" });
  console.log(result.outcome, result.toState); // success shipped

  // Read back from PostgreSQL: the instance row and its audit history (newest first).
  console.log((await runtime.getInstance(uuid))?.currentState); // shipped
  for (const row of await runtime.getHistory(uuid)) {
    console.log(`${row.fromState ?? "(created)"} -> ${row.toState} via ${row.eventName}`);
  }
} finally {
  await pool.end(); // an open pool keeps Node running: close it when the script is done
}
