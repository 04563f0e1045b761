// Unverified JWS decoding, only to learn `iss` and `alg` before verification (fulcio
// `identity.extractIssuerURL`). Nothing decoded here is trusted, and nothing of it goes into messages.
import { OidcError } from './error.js';

export interface UnverifiedToken {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly iss: string;
  readonly alg: string;
}

/** Larger than any real ID token; bounds the work an attacker can make us do. */
const MAX_TOKEN_LENGTH = 64 * 1024;
const B64URL = /^[A-Za-z0-9_-]+$/;

function malformed(detail: string): OidcError {
  return new OidcError('MALFORMED_TOKEN', `malformed JWT: ${detail}`);
}

function decodePart(part: string, what: string): Record<string, unknown> {
  if (!B64URL.test(part)) throw malformed(`${what} is not base64url`);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    // No cause: a JSON SyntaxError message quotes the input.
    throw malformed(`${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw malformed(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

export function decodeUnverified(token: string): UnverifiedToken {
  if (typeof token !== 'string' || token.length === 0) throw malformed('empty token');
  if (token.length > MAX_TOKEN_LENGTH) throw malformed('token too large');
  const parts = token.split('.');
  const [headerPart, payloadPart, signaturePart] = parts;
  if (
    parts.length !== 3 ||
    headerPart === undefined ||
    payloadPart === undefined ||
    signaturePart === undefined
  )
    throw malformed('token must have 3 parts');
  const header = decodePart(headerPart, 'header');
  const payload = decodePart(payloadPart, 'payload');
  // An empty signature is left to the algorithm check (`alg: none` → UNSUPPORTED_ALGORITHM).
  if (signaturePart !== '' && !B64URL.test(signaturePart))
    throw malformed('signature is not base64url');
  const { alg } = header;
  if (typeof alg !== 'string' || alg === '') throw malformed('header has no alg');
  const { iss } = payload;
  if (typeof iss !== 'string' || iss === '') throw malformed('payload has no iss');
  return { header, payload, iss, alg };
}
