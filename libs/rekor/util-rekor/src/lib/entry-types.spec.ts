import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pae } from './dsse.js';
import { canonicalizeProposedEntry } from './entry.js';
import { RekorError } from './error.js';

/**
 * Proposed entries of every accepted kind, signed with keys made for this file, with the canonical
 * body and index keys (lower-cased, sorted) that rekor v1.5.4's own `pkg/types` produced for them,
 * or the error it raised. The log must agree byte for byte: the body is the Merkle leaf.
 */
interface Vector {
  readonly name: string;
  readonly proposed: unknown;
  readonly body?: string;
  readonly indexKeys?: readonly string[];
  readonly error?: string;
}

const vectors = JSON.parse(
  readFileSync(new URL('./testdata/upstream-entries.json', import.meta.url), 'utf8'),
) as Vector[];

describe('entry types against upstream vectors', () => {
  it.each(vectors.filter((v) => !v.error).map((v) => [v.name, v] as const))(
    '%s: same canonical body and index keys',
    async (_name, v) => {
      const entry = await canonicalizeProposedEntry(v.proposed);
      expect(entry.body.toString('utf8')).toBe(v.body);
      expect([...entry.indexKeys].sort()).toEqual(v.indexKeys);
    },
  );

  it.each(vectors.filter((v) => v.error).map((v) => [v.name, v] as const))(
    '%s: refused',
    async (_name, v) => {
      await expect(canonicalizeProposedEntry(v.proposed)).rejects.toThrow(
        expect.objectContaining({ code: 'INVALID_ENTRY' }),
      );
    },
  );
});

const T = 'application/vnd.in-toto+json';
const key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const statement = Buffer.from('{"_type":"https://in-toto.io/Statement/v1","subject":[]}');
const sig = (payload = statement, type = T) =>
  sign('sha256', pae(type, payload), key.privateKey).toString('base64');
const envelope = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    payloadType: T,
    payload: b64(statement),
    signatures: [{ sig: sig() }],
    ...over,
  });
const dsse = (spec: Record<string, unknown>) => ({ apiVersion: '0.0.1', kind: 'dsse', spec });
const proposed = (env = envelope(), verifiers = [b64(pem)]) =>
  dsse({ proposedContent: { envelope: env, verifiers } });

async function refused(entry: unknown, message: string | RegExp, code = 'INVALID_ENTRY') {
  let error: unknown;
  try {
    await canonicalizeProposedEntry(entry);
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(RekorError);
  expect((error as RekorError).code).toBe(code);
  expect((error as RekorError).message).toMatch(message);
}

describe('dsse v0.0.1 bad input', () => {
  it('accepts a well-formed envelope', async () => {
    expect((await canonicalizeProposedEntry(proposed())).kind).toBe('dsse');
  });
  it('reads null or empty server-side fields as absent (cosign sends them)', async () => {
    const spec = { ...proposed().spec, signatures: [], envelopeHash: null, payloadHash: null };
    expect((await canonicalizeProposedEntry(dsse(spec))).kind).toBe('dsse');
  });
  it.each([
    ['no proposedContent', dsse({}), /missing proposedContent/],
    [
      'server-side fields',
      dsse({ ...proposed().spec, payloadHash: { algorithm: 'sha256', value: 'ab' } }),
      /not both/,
    ],
    ['envelope not JSON', proposed('{not json'), /envelope is not valid JSON/],
    ['envelope not an object', proposed('[1]'), /must be a JSON object/],
    ['no signatures', proposed(envelope({ signatures: [] })), /1 or more signatures/],
    ['signature without sig', proposed(envelope({ signatures: [{}] })), /must have a sig/],
    ['payload not base64', proposed(envelope({ payload: '%%%' })), /base64 decode payload/],
    ['no verifiers', proposed(envelope(), []), /missing proposed verifiers/],
    ['verifier not PEM', proposed(envelope(), [b64('garbage')]), /failure decoding PEM/],
    [
      'signature over another payload',
      proposed(envelope({ signatures: [{ sig: sig(Buffer.from('other')) }] })),
      /could not verify envelope/,
    ],
    [
      'signature over another payload type',
      proposed(envelope({ signatures: [{ sig: sig(statement, 'text/plain') }] })),
      /could not verify envelope/,
    ],
  ])('refuses %s', (_name, entry, message) => refused(entry, message));
});

describe('intoto bad input', () => {
  const v002 = (content: Record<string, unknown>) => ({
    apiVersion: '0.0.2',
    kind: 'intoto',
    spec: { content },
  });
  const good = {
    envelope: {
      payloadType: T,
      payload: b64(b64(statement)),
      signatures: [{ sig: b64(sig()), publicKey: b64(pem) }],
    },
    hash: { algorithm: 'sha256', value: 'ab'.repeat(32) },
  };
  it('accepts v0.0.2 and records the client-computed envelope hash as given', async () => {
    const entry = await canonicalizeProposedEntry(v002(good));
    expect(entry.body.toString()).toContain(
      `"hash":{"algorithm":"sha256","value":"${'ab'.repeat(32)}"}`,
    );
    expect(entry.body.toString()).not.toContain('"payload"');
  });
  it.each([
    ['v0.0.2 without hash', v002({ envelope: good.envelope }), /missing envelope hash/],
    ['v0.0.2 sha1 hash', v002({ ...good, hash: { algorithm: 'sha1', value: 'ab' } }), /algorithm/],
    [
      'v0.0.2 singly-encoded signature',
      v002({
        ...good,
        envelope: { ...good.envelope, signatures: [{ sig: sig(), publicKey: b64(pem) }] },
      }),
      /signature is not valid base64/,
    ],
    [
      'v0.0.2 signature without key',
      v002({ ...good, envelope: { ...good.envelope, signatures: [{ sig: b64(sig()) }] } }),
      /missing public key/,
    ],
    [
      'v0.0.1 without key',
      { apiVersion: '0.0.1', kind: 'intoto', spec: { content: { envelope: envelope() } } },
      /missing public key/,
    ],
    [
      'v0.0.1 signature by another key',
      {
        apiVersion: '0.0.1',
        kind: 'intoto',
        spec: {
          content: { envelope: envelope() },
          publicKey: b64(
            generateKeyPairSync('ec', { namedCurve: 'P-256' })
              .publicKey.export({ type: 'spki', format: 'pem' })
              .toString(),
          ),
        },
      },
      /could not verify envelope/,
    ],
  ])('refuses %s', (_name, entry, message) => refused(entry, message));
});

describe('rekord v0.0.1 bad input', () => {
  const data = Buffer.from('artifact');
  const rekord = (signature: Record<string, unknown>, d: Record<string, unknown> = {}) => ({
    apiVersion: '0.0.1',
    kind: 'rekord',
    spec: {
      signature: {
        format: 'x509',
        content: sign('sha256', data, key.privateKey).toString('base64'),
        publicKey: { content: b64(pem) },
        ...signature,
      },
      data: { content: b64(data), ...d },
    },
  });
  it('accepts an x509 signature over inline data and keeps only its hash', async () => {
    const entry = await canonicalizeProposedEntry(rekord({}));
    const digest = createHash('sha256').update(data).digest('hex');
    expect(entry.indexKeys).toContain(`sha256:${digest}`);
    expect(entry.body.toString()).not.toContain(b64(data));
  });
  it.each([
    [
      'a PGP signature',
      rekord({ format: 'pgp' }),
      /format pgp is not supported/,
      'UNSUPPORTED_TYPE',
    ],
    ['an unknown format', rekord({ format: 'gpg' }), /must be one of/, 'INVALID_ENTRY'],
    [
      'a remote artifact',
      rekord({}, { url: 'https://example.com/a' }),
      /url is not supported/,
      'INVALID_ENTRY',
    ],
    [
      'a hash mismatch',
      rekord({}, { hash: { algorithm: 'sha256', value: 'ab'.repeat(32) } }),
      /SHA mismatch/,
      'INVALID_ENTRY',
    ],
    ['a bad signature', rekord({ content: b64('nope') }), /invalid signature/, 'INVALID_ENTRY'],
  ])('refuses %s', (_name, entry, message, code) => refused(entry, message, code));
});
