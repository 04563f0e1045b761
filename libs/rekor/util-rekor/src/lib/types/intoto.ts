// intoto v0.0.1 and v0.0.2 (rekor pkg/types/intoto): DSSE envelopes the log checks but does not
// keep. v0.0.1 carries one public key and the envelope as a JSON string; v0.0.2 carries the
// envelope as an object whose payload and signatures are base64 of their base64 text (the schema
// marks them `format: byte`), each signature with its own key, and a client-computed envelope
// hash that the log records as given.
import { canonicalJson } from '../canonical.js';
import {
  decodePayload,
  inTotoIndexKeys,
  parseEnvelope,
  verifyAllSignatures,
  verifyAnySignature,
  type Envelope,
} from '../dsse.js';
import type { CanonicalEntry } from '../canonical-entry.js';
import { parseVerifier, verifierContent, verifierHash } from '../verifier.js';
import { bytes, digest, invalid, isObject, object, sha256Hex, text, unique } from '../fields.js';

const SHA256_ONLY = { sha256: 32 } as const;

export function intotoV001(spec: Record<string, unknown>): CanonicalEntry {
  const verifier = parseVerifier(bytes(spec['publicKey'], 'public key'));
  const content = object(spec['content'], 'content');
  const envelopeText = text(content['envelope'], 'envelope content');
  const envelope = parseEnvelope(envelopeText);
  const payload = decodePayload(envelope);
  if (!verifyAnySignature(envelope, payload, verifier.key)) {
    throw invalid('could not verify envelope: no signature verifies with the public key');
  }
  const hash = sha256Hex(Buffer.from(envelopeText, 'utf8'));
  const payloadHash = sha256Hex(payload);
  return {
    kind: 'intoto',
    apiVersion: '0.0.1',
    body: canonicalJson({
      apiVersion: '0.0.1',
      kind: 'intoto',
      spec: {
        content: {
          hash: { algorithm: 'sha256', value: hash },
          payloadHash: { algorithm: 'sha256', value: payloadHash },
        },
        publicKey: verifierContent(verifier),
      },
    }),
    indexKeys: unique([
      `sha256:${hash}`,
      `sha256:${verifierHash(verifier)}`,
      ...verifier.subjects,
      `sha256:${payloadHash}`,
      ...inTotoIndexKeys(envelope.payloadType, payload),
    ]),
  };
}

export function intotoV002(spec: Record<string, unknown>): CanonicalEntry {
  const content = object(spec['content'], 'content');
  const raw = object(content['envelope'], 'envelope');
  const hash = digest(content['hash'], 'envelope hash', SHA256_ONLY);
  const payloadType = text(raw['payloadType'], 'payloadType');
  const list = raw['signatures'];
  if (!Array.isArray(list) || list.length === 0) throw invalid('missing signatures content');
  const signatures = list.map((s: unknown) => {
    if (!isObject(s)) throw invalid('signature must be an object');
    const keyid = s['keyid'];
    if (keyid !== undefined && typeof keyid !== 'string') throw invalid('keyid must be a string');
    return {
      keyid: keyid ?? '',
      sig: bytes(s['sig'], 'signature'),
      publicKey: bytes(s['publicKey'], 'public key'),
    };
  });
  const envelope: Envelope = parseEnvelope({
    payloadType,
    payload: bytes(raw['payload'], 'payload').toString('latin1'),
    signatures: signatures.map(({ sig, keyid }) => ({ sig: sig.toString('latin1'), keyid })),
  });
  const payload = decodePayload(envelope);
  const verifiers = signatures.map((s) => parseVerifier(s.publicKey));
  verifyAllSignatures(
    envelope,
    payload,
    verifiers.map((v) => v.key),
  );
  const payloadHash = sha256Hex(payload);
  return {
    kind: 'intoto',
    apiVersion: '0.0.2',
    body: canonicalJson({
      apiVersion: '0.0.2',
      kind: 'intoto',
      spec: {
        content: {
          envelope: {
            payloadType,
            signatures: signatures.map((s) => ({
              ...(s.keyid === '' ? {} : { keyid: s.keyid }),
              publicKey: s.publicKey.toString('base64'),
              sig: s.sig.toString('base64'),
            })),
          },
          hash: { algorithm: hash.algorithm, value: hash.value },
          payloadHash: { algorithm: 'sha256', value: payloadHash },
        },
      },
    }),
    indexKeys: unique([
      ...verifiers.flatMap((v) => [`sha256:${verifierHash(v)}`, ...v.subjects]),
      `sha256:${payloadHash}`,
      ...inTotoIndexKeys(payloadType, payload),
    ]),
  };
}
