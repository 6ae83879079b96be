import { randomFillSync } from "node:crypto";

/*
 * `crypto.randomUUID()` assembles its text by string concatenation, so each UUID is a rope of about fourteen
 * string pieces (roughly 480 bytes) until something flattens it. A history row or a receipt keeps its UUID for
 * as long as the row lives, and transitions make two UUIDs each, so that rope was the largest single share of
 * what an in-memory transition allocated and of the garbage collector's work. This generator writes the same
 * text (version 4, RFC 9562 variant, lowercase, from the same cryptographic source, 128 UUIDs' worth of random
 * bytes per refill as Node buffers it) into a 36-byte buffer and decodes it: one flat 36-character string.
 */

const BATCH = 128;
const random = new Uint8Array(16 * BATCH);
let offset = random.length;
const text = Buffer.from("00000000-0000-4000-8000-000000000000", "latin1");
const HEX = Buffer.from("0123456789abcdef", "latin1");
// Decodes the 36 ASCII bytes into a new flat string (a little cheaper than `Buffer#toString`).
const decoder = new TextDecoder("latin1");

/** Writes `byte` as two lowercase hex digits at `at`. */
function hexAt(at: number, byte: number): void {
  text[at] = HEX[byte >> 4];
  text[at + 1] = HEX[byte & 15];
}

/**
 * A random (version 4) UUID in lowercase text, like `crypto.randomUUID()`, as one flat string.
 *
 * @internal
 */
export function randomUuid(): string {
  if (offset === random.length) {
    randomFillSync(random);
    offset = 0;
  }
  const r = random;
  const o = offset;
  offset += 16;
  hexAt(0, r[o]);
  hexAt(2, r[o + 1]);
  hexAt(4, r[o + 2]);
  hexAt(6, r[o + 3]);
  hexAt(9, r[o + 4]);
  hexAt(11, r[o + 5]);
  hexAt(14, (r[o + 6] & 0x0f) | 0x40);
  hexAt(16, r[o + 7]);
  hexAt(19, (r[o + 8] & 0x3f) | 0x80);
  hexAt(21, r[o + 9]);
  hexAt(24, r[o + 10]);
  hexAt(26, r[o + 11]);
  hexAt(28, r[o + 12]);
  hexAt(30, r[o + 13]);
  hexAt(32, r[o + 14]);
  hexAt(34, r[o + 15]);
  return decoder.decode(text);
}
