export { ActiveTransitionFilter } from "./active-transition-filter.js";
export { FilterStateByEvent } from "./filter-state-by-event.js";
export { FilterStateByTransition } from "./filter-state-by-transition.js";
export { FilterStateByFinalState } from "./filter-state-by-final-state.js";
export { FilterTransitionByEvent } from "./filter-transition-by-event.js";
