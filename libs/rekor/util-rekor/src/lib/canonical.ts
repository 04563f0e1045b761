// RFC 8785 (JCS) canonical JSON, as Rekor canonicalises entry bodies and the SET payload.
import { json } from '@sigstore/core';

export function canonicalJson(value: unknown): Buffer {
  return Buffer.from(json.canonicalize(value), 'utf8');
}
