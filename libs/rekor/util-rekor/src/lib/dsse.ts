// DSSE envelopes (secure-systems-lab/dsse v1) as Rekor's dsse and intoto types check them: the
// signature is over PAE(payloadType, payload), made with SHA-256 for RSA (PKCS#1 v1.5) and ECDSA
// on any curve, or pure Ed25519 (sigstore's LoadVerifier(key, SHA256)). In-toto statements also
// yield search keys: every subject digest and every SLSA `materials` digest.
import type { KeyObject } from 'node:crypto';
import { fromBase64 } from '@sigstead/util-encoding';
import { invalid, isObject } from './fields.js';
import { verifyMessage } from './signature.js';

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

export interface EnvelopeSignature {
  /** The signature exactly as the envelope carries it (base64 text). */
  readonly sig: string;
  readonly keyid?: string;
}

export interface Envelope {
  readonly payloadType: string;
  /** The payload exactly as the envelope carries it (base64 text). */
  readonly payload: string;
  readonly signatures: readonly EnvelopeSignature[];
}

/** Reads an envelope from its JSON text (dsse, intoto 0.0.1) or an already parsed object. */
export function parseEnvelope(input: unknown): Envelope {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch (err) {
      throw invalid('envelope is not valid JSON', err);
    }
  }
  if (!isObject(value)) throw invalid('envelope must be a JSON object');
  const { payloadType, payload, signatures } = value;
  if (typeof payloadType !== 'string') throw invalid('envelope payloadType must be a string');
  if (typeof payload !== 'string' || payload === '') throw invalid('envelope payload is missing');
  if (!Array.isArray(signatures) || signatures.length === 0) {
    throw invalid('DSSE envelope must contain 1 or more signatures');
  }
  return {
    payloadType,
    payload,
    signatures: signatures.map((s: unknown) => {
      if (!isObject(s) || typeof s['sig'] !== 'string' || s['sig'] === '') {
        throw invalid('envelope signature must have a sig');
      }
      const keyid = s['keyid'];
      if (keyid !== undefined && keyid !== null && typeof keyid !== 'string') {
        throw invalid('envelope signature keyid must be a string');
      }
      return typeof keyid === 'string' && keyid !== ''
        ? { sig: s['sig'], keyid }
        : { sig: s['sig'] };
    }),
  };
}

/** The envelope's decoded payload (standard or URL-safe base64, as DSSE allows). */
export function decodePayload(envelope: Envelope): Buffer {
  try {
    return fromBase64(envelope.payload);
  } catch (err) {
    throw invalid('unable to base64 decode payload (is payload in the right format?)', err);
  }
}

/** DSSE pre-authentication encoding. */
export function pae(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `),
    type,
    Buffer.from(` ${payload.length} `),
    payload,
  ]);
}

/**
 * Rekor's rule for dsse and intoto 0.0.2: keys are tried in order until every signature is
 * verified; each key tried must verify at least one signature, and in the end every signature must
 * be verified. Returns, for each distinct signature text, the index of the (last) key verifying it.
 */
export function verifyAllSignatures(
  envelope: Envelope,
  payload: Buffer,
  keys: readonly KeyObject[],
): Map<string, number> {
  const message = pae(envelope.payloadType, payload);
  const sigs = new Map(envelope.signatures.map((s) => [s.sig, signatureBytes(s.sig)]));
  const matched = new Map<string, number>();
  for (const [index, key] of keys.entries()) {
    if (matched.size === sigs.size) break;
    let any = false;
    for (const [text, bytes] of sigs) {
      if (verifyMessage(key, message, bytes)) {
        matched.set(text, index);
        any = true;
      }
    }
    if (!any) throw invalid('could not verify envelope: no signature verifies with a provided key');
  }
  if (matched.size !== sigs.size) throw invalid('all signatures must have a key that verifies it');
  return matched;
}

/** True when `key` verifies at least one of the envelope's signatures (intoto 0.0.1's rule). */
export function verifyAnySignature(envelope: Envelope, payload: Buffer, key: KeyObject): boolean {
  const message = pae(envelope.payloadType, payload);
  return envelope.signatures.some((s) => verifyMessage(key, message, signatureBytes(s.sig)));
}

/** `<alg>:<digest>` for every in-toto subject and SLSA material; none for other payload types. */
export function inTotoIndexKeys(payloadType: string, payload: Buffer): string[] {
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE) return [];
  let statement: unknown;
  try {
    statement = JSON.parse(payload.toString('utf8')) as unknown;
  } catch {
    return [];
  }
  if (!isObject(statement)) return [];
  const keys = digestsOf(statement['subject']);
  const predicate = statement['predicate'];
  if (isObject(predicate)) keys.push(...digestsOf(predicate['materials']));
  return keys;
}

function digestsOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const item of list) {
    if (!isObject(item) || !isObject(item['digest'])) continue;
    for (const [alg, value] of Object.entries(item['digest'])) {
      if (typeof value === 'string') out.push(`${alg}:${value}`);
    }
  }
  return out;
}

function signatureBytes(sig: string): Buffer {
  try {
    return fromBase64(sig);
  } catch (err) {
    throw invalid('envelope signature is not valid base64', err);
  }
}
