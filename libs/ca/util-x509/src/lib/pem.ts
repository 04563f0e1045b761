// PEM (RFC 7468): a Go `pem.Decode`-like reader (the first block wins, text around it is ignored,
// and the base64 body must be clean), and the shared Go-style encoder.
import { encodePem, isStdBase64 } from '@sigstead/util-encoding';

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\s]*?)-----END \1-----/;

export interface PemBlock {
  readonly label: string;
  readonly der: Buffer;
}

/** The first PEM block in `text`, or undefined if there is none or its body is not base64. */
export function decodePem(text: string): PemBlock | undefined {
  const [, label, rawBody] = BLOCK.exec(text) ?? [];
  if (label === undefined || rawBody === undefined) return undefined;
  const body = rawBody.replace(/\s+/g, '');
  if (!isStdBase64(body)) return undefined;
  return { label, der: Buffer.from(body, 'base64') };
}

export { encodePem };
