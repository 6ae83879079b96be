export { Tautology } from "./tautology.js";
export { Contradiction } from "./contradiction.js";
export { CallbackCondition } from "./callback-condition.js";
export type { ConditionCallbackFn } from "./callback-condition.js";
export { Timeout } from "./timeout.js";
export { AndComposite } from "./and-composite.js";
export { OrComposite } from "./or-composite.js";
export { Not } from "./not.js";
