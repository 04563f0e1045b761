import { EncodingError } from './error.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64_URL = /^[A-Za-z0-9_-]*$/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/** Standard base64, padded, nothing else (Go's `base64.StdEncoding`); the empty string is valid. */
export function isStdBase64(text: string): boolean {
  return BASE64.test(text);
}

/** Decodes standard (padded) or URL-safe base64, rejecting anything else instead of skipping it. */
export function fromBase64(text: string): Buffer {
  const s = text.trim();
  if (isStdBase64(s)) return Buffer.from(s, 'base64');
  if (BASE64_URL.test(s) && s.length % 4 !== 1) return Buffer.from(s, 'base64url');
  throw new EncodingError('INVALID_BASE64', 'value is not valid base64');
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function fromHex(text: string): Buffer {
  if (!HEX.test(text)) throw new EncodingError('INVALID_HEX', 'value is not valid hex');
  return Buffer.from(text, 'hex');
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
