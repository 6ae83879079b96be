export { FinitaError } from "./finita-error.js";
export { WrongEventForStateError } from "./wrong-event-for-state-error.js";
export { LockCanNotBeAcquiredError } from "./lock-can-not-be-acquired-error.js";
export { DuplicateStateError } from "./duplicate-state-error.js";
export { DuplicateTransitionError } from "./duplicate-transition-error.js";
export { GraphValidationError } from "./graph-validation-error.js";
export type { GraphValidationErrorCode } from "./graph-validation-error.js";
export { ProcessFinalizedError } from "./process-finalized-error.js";
export { InvalidTransitionError } from "./invalid-transition-error.js";
