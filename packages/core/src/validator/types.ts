/** One validation problem: a dotted path into the definition and a message. */
export interface ValidationError {
  path: string;
  message: string;
}

/** Every problem of a definition at once. Warnings never make it invalid. */
export interface ValidationResult {
  valid: boolean;
  errors: ValidationError[];
  warnings?: ValidationError[];
}

/** Optional name sets: when given, unknown command or guard references are errors. */
export interface WorkflowValidationOptions {
  knownCommandNames?: Set<string>;
  knownGuardNames?: Set<string>;
}
