// Rekor v1 checkpoints (rekor pkg/util/checkpoint.go + signed_note.go; C2SP signed-note):
//   "<origin>\n<size>\n<base64 root>\n" then a blank line and "— <name> <base64(keyHint‖sig)>\n".
// origin = "<host> - <treeID>"; keyHint = first 4 bytes of SHA-256(SPKI); the signature is the log
// key's ECDSA (DER) over the note text.
import { createHash, verify, type KeyObject } from 'node:crypto';
import { RekorError } from './error.js';

export interface Checkpoint {
  readonly origin: string;
  readonly size: bigint;
  readonly rootHash: Buffer;
}

export function checkpointText(c: Checkpoint): string {
  return `${c.origin}\n${c.size}\n${c.rootHash.toString('base64')}\n`;
}

export function keyHint(spki: Buffer): Buffer {
  return createHash('sha256').update(spki).digest().subarray(0, 4);
}

/** The signed note for `c`; `sign` returns a DER ECDSA signature over the text. */
export async function signCheckpoint(
  c: Checkpoint,
  name: string,
  spki: Buffer,
  sign: (data: Buffer) => Promise<Buffer>,
): Promise<string> {
  const text = checkpointText(c);
  const sig = await sign(Buffer.from(text, 'utf8'));
  const line = Buffer.concat([keyHint(spki), sig]).toString('base64');
  return `${text}\n\u2014 ${name} ${line}\n`;
}

/** Parses a signed note and checks the signature line of `name` with `key` (tests and auditors). */
export function verifyCheckpoint(note: string, name: string, key: KeyObject): Checkpoint {
  const split = note.indexOf('\n\n');
  if (split < 0) throw bad('no blank line between text and signatures');
  const text = note.slice(0, split + 1);
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw bad('fewer than 3 lines');
  const [origin, sizeText, root] = lines as [string, string, string];
  if (!/^[0-9]+$/.test(sizeText)) throw bad('size is not a number');
  const hint = keyHint(key.export({ type: 'spki', format: 'der' }));
  const prefix = `\u2014 ${name} `;
  const ok = note
    .slice(split + 2)
    .split('\n')
    .filter((l) => l.startsWith(prefix))
    .some((l) => {
      const raw = Buffer.from(l.slice(prefix.length), 'base64');
      return (
        raw.length > 4 &&
        raw.subarray(0, 4).equals(hint) &&
        verify('sha256', Buffer.from(text, 'utf8'), key, raw.subarray(4))
      );
    });
  if (!ok) throw bad(`no valid signature by ${name}`);
  return { origin, size: BigInt(sizeText), rootHash: Buffer.from(root, 'base64') };
}

function bad(detail: string): RekorError {
  return new RekorError('INVALID_CHECKPOINT', `invalid checkpoint: ${detail}`);
}
