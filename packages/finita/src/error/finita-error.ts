/**
 * Abstract base of every finita library error; each subclass carries a stable string `code`.
 *
 * Instantiating `FinitaError` itself throws a `TypeError`.
 */
export abstract class FinitaError extends Error {
  /** A stable, machine-readable identifier of the error kind. */
  abstract readonly code: string;

  protected constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    if (new.target === FinitaError) {
      throw new TypeError("FinitaError is abstract; throw one of its subclasses instead");
    }
    this.name = new.target.name;
  }
}
