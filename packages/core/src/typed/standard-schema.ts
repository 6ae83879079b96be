/**
 * The Standard Schema interface (version 1), declared structurally so that any library implementing it
 * (zod 3.24+, valibot 1, arktype 2 and others) can be passed as a workflow schema without a dependency on it.
 *
 * Only the parts duraflows reads are declared: the `~standard` property with `validate` and the inferred types.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly "~standard": StandardSchemaV1Props<Input, Output>;
}

/** The `~standard` property of a {@link StandardSchemaV1}. */
export interface StandardSchemaV1Props<Input = unknown, Output = Input> {
  /** Always `1` for this interface. */
  readonly version: 1;
  /** The library that produced the schema (`"zod"`, `"valibot"`, …). */
  readonly vendor: string;
  /** Validates a value; synchronous or asynchronous. */
  readonly validate: (
    value: unknown,
  ) => StandardSchemaV1Result<Output> | Promise<StandardSchemaV1Result<Output>>;
  /** Carries the inferred input and output types; absent at run time. */
  readonly types?: { readonly input: Input; readonly output: Output } | undefined;
}

/** The result of {@link StandardSchemaV1Props.validate}: a value, or issues. */
export type StandardSchemaV1Result<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardSchemaV1Issue> };

/** One problem a schema found. */
export interface StandardSchemaV1Issue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/** The output type a Standard Schema validates to. */
export type InferSchemaOutput<S> = S extends StandardSchemaV1<unknown, infer O> ? O : never;
