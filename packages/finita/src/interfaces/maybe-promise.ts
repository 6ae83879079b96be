/** A value that may be returned synchronously or as a Promise. */
export type MaybePromise<T> = T | Promise<T>;
