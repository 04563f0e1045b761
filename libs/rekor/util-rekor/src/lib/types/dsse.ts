// dsse v0.0.1 (rekor pkg/types/dsse/v0.0.1): a DSSE envelope (sent as a JSON string) and the
// verifiers for its signatures. Every signature must verify; the log keeps only hashes of the
// envelope and payload and each signature with its verifier (canonical PEM), sorted by signature.
import { canonicalJson } from '../canonical.js';
import { decodePayload, inTotoIndexKeys, parseEnvelope, verifyAllSignatures } from '../dsse.js';
import type { CanonicalEntry } from '../canonical-entry.js';
import { parseVerifier, type Verifier, verifierContent, verifierHash } from '../verifier.js';
import { bytes, invalid, object, sha256Hex, text, unique } from '../fields.js';

const SERVER_FIELDS = ['signatures', 'envelopeHash', 'payloadHash'] as const;

export function dsseV001(spec: Record<string, unknown>): CanonicalEntry {
  // Clients built on Rekor's Go models send the server-side fields as null or [].
  const present = (v: unknown) => v !== undefined && v !== null && !(Array.isArray(v) && !v.length);
  if (SERVER_FIELDS.some((f) => present(spec[f]))) {
    throw invalid(
      'either proposedContent or envelopeHash, payloadHash, and signatures must be present but not both',
    );
  }
  const proposed = object(spec['proposedContent'], 'proposedContent');
  const envelopeText = text(proposed['envelope'], 'proposed content envelope');
  const list = proposed['verifiers'];
  if (!Array.isArray(list) || list.length === 0) throw invalid('missing proposed verifiers');
  const verifiers: Verifier[] = list.map((v: unknown) => parseVerifier(bytes(v, 'verifier')));

  const envelope = parseEnvelope(envelopeText);
  const payload = decodePayload(envelope);
  const bySig = verifyAllSignatures(
    envelope,
    payload,
    verifiers.map((v) => v.key),
  );

  const signatures = [...bySig.keys()].sort().map((sig) => ({
    signature: sig,
    verifier: verifierContent(verifiers[bySig.get(sig)!]!),
  }));
  const payloadHash = sha256Hex(payload);
  const envelopeHash = sha256Hex(Buffer.from(envelopeText, 'utf8'));
  const body = canonicalJson({
    apiVersion: '0.0.1',
    kind: 'dsse',
    spec: {
      envelopeHash: { algorithm: 'sha256', value: envelopeHash },
      payloadHash: { algorithm: 'sha256', value: payloadHash },
      signatures,
    },
  });
  const used = [...new Set(bySig.values())].map((i) => verifiers[i]!);
  return {
    kind: 'dsse',
    apiVersion: '0.0.1',
    body,
    indexKeys: unique([
      ...used.flatMap((v) => [`sha256:${verifierHash(v)}`, ...v.subjects]),
      `sha256:${payloadHash}`,
      `sha256:${envelopeHash}`,
      ...inTotoIndexKeys(envelope.payloadType, payload),
    ]),
  };
}
