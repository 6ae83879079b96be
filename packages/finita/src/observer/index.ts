export { CallbackObserver } from "./callback-observer.js";
export { StatefulStatusChanger } from "./stateful-status-changer.js";
export { OnEnterObserver } from "./on-enter-observer.js";
export { TransitionLogger } from "./transition-logger.js";
