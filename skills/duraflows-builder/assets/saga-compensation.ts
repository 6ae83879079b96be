// Template: a saga. Each step is an onEnter hop whose errorState starts the compensation of what already
// happened; compensation states undo in reverse order and end in `cancelled`. External calls are not rolled back
// by the database, which is why compensation exists at all. For long or flaky external calls prefer durable
// execution (`enqueueEvent`): each finished command is checkpointed and never repeated.
import type { InMemoryCommandRegistry, WorkflowCommand, WorkflowDefinition } from "@duraflows/core";

export type TripState =
  | "requested"
  | "booking"
  | "flight_reserved"
  | "hotel_reserved"
  | "confirmed"
  | "compensating_hotel"
  | "compensating_flight"
  | "cancelled"
  | "failed";

export const sagaCompensationWorkflow: WorkflowDefinition<TripState> = {
  name: "trip-booking",
  version: 1,
  initialState: "requested",
  states: {
    requested: { events: { Book: { targetState: "booking" } } },
    booking: {
      onEnter: {
        targetState: "flight_reserved",
        errorState: "failed",
        commands: [{ name: "reserveFlight" }],
      },
    },
    flight_reserved: {
      onEnter: {
        targetState: "hotel_reserved",
        errorState: "compensating_flight",
        commands: [{ name: "reserveHotel" }],
      },
    },
    hotel_reserved: {
      onEnter: {
        targetState: "confirmed",
        errorState: "compensating_hotel",
        commands: [{ name: "chargePayment" }],
      },
    },
    confirmed: {},
    compensating_hotel: {
      onEnter: { targetState: "compensating_flight", commands: [{ name: "releaseHotel" }] },
    },
    compensating_flight: {
      onEnter: { targetState: "cancelled", commands: [{ name: "releaseFlight" }] },
    },
    cancelled: {},
    failed: {},
  },
};

/** A forward step: record what to undo in the context before reporting success. */
function step(key: string, failWhen: string): WorkflowCommand {
  return {
    execute(_subject, ctx) {
      if (ctx.context[failWhen] === true) return { ok: false, code: "STEP_FAILED", message: `${key} failed` };
      ctx.context[key] = `${key}-${ctx.transitionUuid.slice(0, 8)}`;
      return { ok: true };
    },
  };
}

/** A compensation: must be idempotent and should not fail; throw only if the undo itself is impossible. */
function undo(key: string): WorkflowCommand {
  return {
    execute(_subject, ctx) {
      if (ctx.context[key] !== undefined) ctx.context[`${key}Released`] = true;
      return { ok: true };
    },
  };
}

export function registerSagaCommands(registry: InMemoryCommandRegistry): void {
  registry.register("reserveFlight", step("flightReservation", "failFlight"));
  registry.register("reserveHotel", step("hotelReservation", "failHotel"));
  registry.register("chargePayment", step("paymentCharge", "failPayment"));
  registry.register("releaseHotel", undo("hotelReservation"));
  registry.register("releaseFlight", undo("flightReservation"));
}
