import { availableParallelism } from 'node:os';

/** One fewer thread than the machine has CPUs (the event loop keeps one), between 1 and 4. */
export function defaultThreadCount(): number {
  return Math.min(4, Math.max(1, availableParallelism() - 1));
}

/** Structured cloning turns a Buffer into a Uint8Array; this views it as a Buffer again, uncopied. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}
