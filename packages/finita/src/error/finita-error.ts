import { brandErrorClass, isBrandedInstance } from "./error-brand.js";

/**
 * Abstract base of every finita library error; each subclass carries a stable string `code`.
 *
 * Instantiating `FinitaError` itself throws a `TypeError`.
 *
 * `instanceof` holds across module systems: an error thrown by the CommonJS build matches the class imported from
 * the ESM build and vice versa (each class carries a `Symbol.for("@camcima/finita.<ClassName>")` brand).
 */
export abstract class FinitaError extends Error {
  static {
    brandErrorClass(this, "FinitaError");
  }

  /**
   * True for instances of this class or a subclass, including instances created by another copy of the package
   * (its ESM and CommonJS builds loaded in one process).
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isBrandedInstance(this, value);
  }

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
