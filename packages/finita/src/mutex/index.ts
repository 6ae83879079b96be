export { NullMutex } from "./null-mutex.js";
export { LockAdapterMutex } from "./lock-adapter-mutex.js";
export { MutexFactory } from "./mutex-factory.js";
export type { StringConverter } from "./mutex-factory.js";
