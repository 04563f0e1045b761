// PEM as Go's encoding/pem writes it (64-column base64, trailing newline): the canonical form Rekor
// stores for keys and certificates, so bodies hash the same as upstream's.
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n\t ]*?)-----END \1-----/;

export interface PemBlock {
  readonly label: string;
  readonly der: Buffer;
}

/** The first PEM block in `text`, or undefined when there is none. */
export function decodePem(text: string): PemBlock | undefined {
  const m = PEM_BLOCK.exec(text);
  if (!m) return undefined;
  return { label: m[1]!, der: Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64') };
}
