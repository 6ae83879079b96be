export type { MaybePromise } from "../interfaces/maybe-promise.js";
export { Event } from "./event.js";
export { State } from "./state.js";
export { Transition } from "./transition.js";
export { StateCollection } from "./state-collection.js";
export { StateCollectionMerger } from "./state-collection-merger.js";
export { Process } from "./process.js";
export { Statemachine } from "./statemachine.js";
export type { StatemachineOptions } from "./statemachine-options.js";
export { Dispatcher } from "./dispatcher.js";
export { ProcessBuilder } from "./process-builder.js";
export type {
  ProcessBuilderStateOptions,
  ProcessBuilderTransitionOptions,
  ProcessBuilderBuildOptions,
} from "./process-builder.js";
