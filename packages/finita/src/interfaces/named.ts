/** Something that has a name. */
export interface Named {
  /** Returns the name. */
  getName(): string;
}

/** Something that exposes a metadata map as a plain object. */
export interface Metadata {
  /** Returns a fresh plain-object copy of the metadata. */
  getMetadata(): Record<string, unknown>;
}

/** Something that has a numeric weight. */
export interface Weighted {
  /** Returns the weight (default 1 for transitions). */
  getWeight(): number;
}
