export { Factory } from "./factory.js";
export { SingleProcessDetector } from "./single-process-detector.js";
export { AbstractNamedProcessDetector } from "./abstract-named-process-detector.js";
export { StatefulStateNameDetector } from "./stateful-state-name-detector.js";
