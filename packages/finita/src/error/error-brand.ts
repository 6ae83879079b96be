/**
 * Cross-copy identity for the error classes.
 *
 * An application that loads both the ESM and the CommonJS build of @camcima/finita (one module `import`s it, another
 * `require`s it) holds two copies of every error class, and plain `instanceof` only sees its own copy. Each
 * branded class therefore marks its prototype with a process-wide symbol (`Symbol.for("@camcima/finita.<ClassName>")`),
 * and `instanceof` checks that mark: an error from either copy matches the class of the same name in both copies,
 * together with its base classes, while sibling classes keep their distinct marks.
 */

const brandsByClass = new WeakMap<object, symbol>();

/**
 * Gives `errorClass` the process-wide brand `Symbol.for("@camcima/finita.<className>")`: a non-enumerable mark on its
 * prototype, inherited by every instance of the class and of its subclasses.
 *
 * @internal
 */
export function brandErrorClass(errorClass: { readonly prototype: Error }, className: string): void {
  const brand = Symbol.for(`@camcima/finita.${className}`);
  brandsByClass.set(errorClass, brand);
  Object.defineProperty(errorClass.prototype, brand, { value: true, enumerable: false });
}

/**
 * The `instanceof` test of the branded classes: an instance of the class by prototype, or any object carrying the
 * class's brand (an instance created by another copy of @camcima/finita). Classes without a brand of their own (an
 * application's subclass) keep the ordinary prototype test.
 *
 * @internal
 */
export function isBrandedInstance(errorClass: object, value: unknown): boolean {
  if (Function.prototype[Symbol.hasInstance].call(errorClass, value)) return true;
  const brand = brandsByClass.get(errorClass);
  if (brand === undefined || value === null || (typeof value !== "object" && typeof value !== "function")) {
    return false;
  }
  return (value as Record<symbol, unknown>)[brand] === true;
}
