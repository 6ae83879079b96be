/** A parameterised statement: `text` with `$n` placeholders and the `values` bound to them. */
export interface SqlQuery {
  readonly text: string;
  readonly values: unknown[];
}
