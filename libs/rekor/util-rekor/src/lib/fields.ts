// Field readers shared by the entry types: each names the field in its error, so a client learns
// what was wrong without the server echoing its input.
import { fromBase64 } from '@sigstead/util-encoding';
import { hash } from 'node:crypto';
import { RekorError } from './error.js';

const HEX = /^[0-9a-fA-F]+$/;

export function invalid(message: string, cause?: unknown): RekorError {
  return new RekorError('INVALID_ENTRY', message, cause === undefined ? undefined : { cause });
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A required JSON object. */
export function object(v: unknown, what: string): Record<string, unknown> {
  if (v === undefined || v === null) throw invalid(`missing ${what}`);
  if (!isObject(v)) throw invalid(`${what} must be an object`);
  return v;
}

/** A required non-empty string. */
export function text(v: unknown, what: string): string {
  if (typeof v !== 'string' || v === '') throw invalid(`missing ${what}`);
  return v;
}

/** A required non-empty base64 string, decoded. */
export function bytes(v: unknown, what: string): Buffer {
  const s = text(v, what);
  try {
    return fromBase64(s);
  } catch (err) {
    throw invalid(`failed parsing base64 data for ${what}`, err);
  }
}

/** A `{algorithm, value}` hash whose algorithm is one of `algorithms` and value is hex of its length. */
export function digest<A extends string>(
  v: unknown,
  what: string,
  lengths: Readonly<Record<A, number>>,
): { algorithm: A; value: string } {
  const hash = object(v, what);
  const { algorithm, value } = hash;
  const names = Object.keys(lengths);
  if (typeof algorithm !== 'string' || !names.includes(algorithm)) {
    throw invalid(`${what} algorithm must be one of ${names.join(', ')}`);
  }
  if (typeof value !== 'string' || !HEX.test(value)) throw invalid(`${what} value must be hex`);
  if (value.length !== lengths[algorithm as A] * 2) throw invalid(`invalid value for ${what}`);
  return { algorithm: algorithm as A, value };
}

export function unique(keys: readonly string[]): string[] {
  return [...new Set(keys.map((k) => k.toLowerCase()))];
}

/** Lower-case hex SHA-256, as Rekor writes every digest it computes. */
export function sha256Hex(data: Uint8Array | string): string {
  return hash('sha256', data, 'hex');
}
