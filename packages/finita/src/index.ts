/**
 * `@camcima/finita`: a full-featured, async-first finite state machine library for TypeScript.
 *
 * @packageDocumentation
 */

// core
export type { MaybePromise } from "./interfaces/maybe-promise.js";
export {
  Event,
  State,
  Transition,
  StateCollection,
  StateCollectionMerger,
  Process,
  Statemachine,
  Dispatcher,
  ProcessBuilder,
} from "./core/index.js";
export type {
  StatemachineOptions,
  ProcessBuilderStateOptions,
  ProcessBuilderTransitionOptions,
  ProcessBuilderBuildOptions,
} from "./core/index.js";

// interfaces
export type {
  Named,
  Metadata,
  Weighted,
  Observer,
  ObservableSubject,
  ConditionInterface,
  EventInterface,
  TransitionInterface,
  StateInterface,
  StateCollectionInterface,
  ProcessInterface,
  StatemachineInterface,
  MutexInterface,
  MutexFactoryInterface,
  LockAdapterInterface,
  TransitionSelectorInterface,
  ProcessDetectorInterface,
  StateNameDetectorInterface,
  FactoryInterface,
  StatefulInterface,
  LastStateHasChangedDateInterface,
  DispatcherInterface,
  CallbackInterface,
  LoggerInterface,
} from "./interfaces/index.js";

// condition
export {
  Tautology,
  Contradiction,
  CallbackCondition,
  Timeout,
  AndComposite,
  OrComposite,
  Not,
} from "./condition/index.js";
export type { ConditionCallbackFn } from "./condition/index.js";

// observer
export {
  CallbackObserver,
  StatefulStatusChanger,
  OnEnterObserver,
  TransitionLogger,
} from "./observer/index.js";

// filter
export {
  ActiveTransitionFilter,
  FilterStateByEvent,
  FilterStateByTransition,
  FilterStateByFinalState,
  FilterTransitionByEvent,
} from "./filter/index.js";

// selector
export { OneOrNoneActiveTransition, ScoreTransition, WeightTransition } from "./selector/index.js";

// mutex
export { NullMutex, LockAdapterMutex, MutexFactory } from "./mutex/index.js";
export type { StringConverter } from "./mutex/index.js";

// factory
export {
  Factory,
  SingleProcessDetector,
  AbstractNamedProcessDetector,
  StatefulStateNameDetector,
} from "./factory/index.js";

// util
export { SetupHelper } from "./util/index.js";

// graph
export { GraphBuilder } from "./graph/index.js";
export type { Graph, GraphNode, GraphEdge, DotOptions, MermaidOptions } from "./graph/index.js";

// error
export {
  WrongEventForStateError,
  LockCanNotBeAcquiredError,
  DuplicateStateError,
  FinitaError,
  GraphValidationError,
  DuplicateTransitionError,
  ProcessFinalizedError,
  InvalidTransitionError,
} from "./error/index.js";
export type { GraphValidationErrorCode } from "./error/index.js";
