export { OneOrNoneActiveTransition } from "./one-or-none-active-transition.js";
export { ScoreTransition } from "./score-transition.js";
export { WeightTransition } from "./weight-transition.js";
