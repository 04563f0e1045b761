// Small decoders for the vectors in this folder (tests only).
import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto';

export function pemToDer(pem: string): Buffer {
  return new X509Certificate(pem).raw;
}

export function b64(text: string): Buffer {
  return Buffer.from(text, 'base64');
}

export function spkiKey(spkiB64: string): KeyObject {
  return createPublicKey({ key: b64(spkiB64), format: 'der', type: 'spki' });
}

/** The value, or a test failure when it is missing (keeps specs free of `!`). */
export function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}
