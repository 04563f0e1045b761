import 'reflect-metadata';
import { createHash, generateKeyPairSync, sign, webcrypto } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { GeneralName, OtherName, SubjectAlternativeName } from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';
import { encodePem } from '@sigstead/util-encoding';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.js';
import { inTotoIndexKeys } from './dsse.js';
import { canonicalizeProposedEntry } from './entry.js';
import { entryId, parseEntryId } from './entry-id.js';
import { RekorError } from './error.js';
import { signCheckpoint, verifyCheckpoint } from './checkpoint.js';
import { verifyDigest, type DigestAlgorithm } from './prehash.js';
import { setPayload } from './set.js';
import { hashedRekordEntry } from './types/hashedrekord.js';
import { parseVerifier } from './verifier.js';

const DATA = Buffer.from('hello, rekor\n');

/** The proposed entry's shape, loose enough for tests to break it. */
interface Entry {
  kind?: string;
  apiVersion?: string;
  spec: {
    signature?: { content: string; publicKey: { content: string } };
    data: { hash: { algorithm: string; value: string } };
  };
}

function entryFor(keyType: 'p256' | 'p384' | 'rsa', hash: DigestAlgorithm = 'sha256') {
  const pair =
    keyType === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: keyType === 'p256' ? 'P-256' : 'P-384' });
  // Some clients write PEM with CRLF or without a trailing newline; the log re-encodes it.
  const pem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    pair,
    pem,
    proposed: hashedRekordEntry({
      algorithm: hash,
      digest: createHash(hash).update(DATA).digest('hex'),
      signature: sign(hash, DATA, pair.privateKey),
      publicKey: pem.replaceAll('\n', '\r\n'),
    }),
  };
}

describe('hashedrekord v0.0.1', () => {
  it.each([
    ['p256', 'sha256'],
    ['p384', 'sha384'],
    ['rsa', 'sha256'],
    ['rsa', 'sha512'],
  ] as const)('accepts a %s signature over a %s digest, canonically', async (keyType, hash) => {
    const { pem, proposed } = entryFor(keyType, hash);
    const entry = await canonicalizeProposedEntry(proposed);
    const body = JSON.parse(entry.body.toString()) as Record<string, unknown>;
    // JCS: keys sorted, no whitespace; the key re-encoded as Go's PEM (LF, trailing newline).
    expect(entry.body.toString()).toBe(JSON.stringify(body));
    expect(Object.keys(body)).toEqual(['apiVersion', 'kind', 'spec']);
    expect(body).toMatchObject({
      spec: { signature: { publicKey: { content: Buffer.from(pem).toString('base64') } } },
    });
    expect(entry.indexKeys).toContain(`${hash}:${createHash(hash).update(DATA).digest('hex')}`);
  });

  it.each<[string, (e: Entry) => void, RegExp]>([
    [
      'a digest of another artifact',
      (e) => (e.spec.data.hash.value = 'ab'.repeat(32)),
      /verifying signature/,
    ],
    [
      'a hash of the wrong length',
      (e) => (e.spec.data.hash.value = 'ab'),
      /invalid value for hash/,
    ],
    ['an unknown hash algorithm', (e) => (e.spec.data.hash.algorithm = 'md5'), /hash algorithm/],
    ['a missing signature', (e) => delete e.spec.signature, /missing signature/],
    ['non-base64 signature', (e) => (e.spec.signature!.content = '%%%'), /base64/],
    ['a key that is not PEM', (e) => (e.spec.signature!.publicKey.content = 'aGVsbG8='), /PEM/],
    ['an unknown kind', (e) => (e.kind = 'rpm'), /unsupported entry kind/],
    ['an unknown version', (e) => (e.apiVersion = '0.0.2'), /version '0.0.2' not found/],
  ])('rejects %s', async (_name, change, message) => {
    const { proposed } = entryFor('p256');
    change(proposed);
    await expect(canonicalizeProposedEntry(proposed)).rejects.toThrow(message);
    await expect(canonicalizeProposedEntry(proposed)).rejects.toThrow(RekorError);
  });

  it('rejects an uncompressed EC key whose point is off the curve, as a key import would', async () => {
    const e = entryFor('p256').proposed;
    const der = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
      type: 'spki',
      format: 'der',
    });
    der[der.length - 1]! ^= 1;
    e.spec.signature.publicKey.content = Buffer.from(encodePem('PUBLIC KEY', der)).toString(
      'base64',
    );
    await expect(canonicalizeProposedEntry(e)).rejects.toThrow(
      'invalid public key: key does not parse',
    );
  });

  it('imports a bare EC key only when something asks for the KeyObject', () => {
    const { pem, pair } = entryFor('p384');
    const verifier = parseVerifier(Buffer.from(pem));
    expect(verifier.ec?.curve).toBe('secp384r1');
    expect(verifier.key.equals(pair.publicKey)).toBe(true);
    expect(verifier.key).toBe(verifier.key);
  });

  it('indexes a certificate’s SANs, a Fulcio username otherName among them, lower-cased', async () => {
    const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
      'verify',
    ]);
    const certWith = async (names: GeneralName[]) => {
      const san = AsnConvert.serialize(new SubjectAlternativeName(names));
      const cert = await x509.X509CertificateGenerator.createSelfSigned(
        {
          name: 'CN=test',
          keys,
          signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
          extensions: [new x509.Extension('2.5.29.17', true, san)],
        },
        webcrypto,
      );
      return parseVerifier(Buffer.from(cert.toString('pem'))).subjects;
    };
    const username = (id: string, text: string) =>
      new GeneralName({
        otherName: new OtherName({
          typeId: id,
          value: new Uint8Array([0x0c, text.length, ...Buffer.from(text)]).buffer,
        }),
      });
    const email = new GeneralName({ rfc822Name: 'Alice@Example.com' });
    expect(await certWith([email, username('1.3.6.1.4.1.57264.1.7', 'Bob!Example.com')])).toEqual([
      'alice@example.com',
      'bob!example.com',
    ]);
    // Upstream reads the otherName only when it is the certificate's one, of Fulcio's type.
    expect(await certWith([email, username('1.2.3.4', 'bob')])).toEqual(['alice@example.com']);
    const two = [username('1.3.6.1.4.1.57264.1.7', 'a'), username('1.3.6.1.4.1.57264.1.7', 'b')];
    expect(await certWith(two)).toEqual([]);
    // Nor one Go's encoding/asn1 refuses: invalid UTF-8, or a length not in its shortest form.
    const raw = (bytes: number[]) =>
      new GeneralName({
        otherName: new OtherName({
          typeId: '1.3.6.1.4.1.57264.1.7',
          value: new Uint8Array(bytes).buffer,
        }),
      });
    expect(await certWith([email, raw([0x0c, 0x02, 0x62, 0xff])])).toEqual(['alice@example.com']);
    expect(await certWith([email, raw([0x0c, 0x81, 0x01, 0x62])])).toEqual(['alice@example.com']);
    expect(await certWith([raw([0x0c, 0x81, 0x81, ...Array(0x81).fill(0x42)])])).toEqual([
      'b'.repeat(0x81),
    ]);
  });

  it('rejects RSA keys below 2048 bits', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const e = entryFor('rsa').proposed;
    e.spec.signature.content = sign('sha256', DATA, privateKey).toString('base64');
    e.spec.signature.publicKey.content = Buffer.from(
      publicKey.export({ type: 'spki', format: 'pem' }),
    ).toString('base64');
    await expect(canonicalizeProposedEntry(e)).rejects.toThrow(/at least 2048 bits/);
  });
});

describe('verifyDigest', () => {
  it('accepts a high-S ECDSA signature, as Go does, and refuses a truncated one', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const digest = createHash('sha256').update(DATA).digest();
    const sig = sign('sha256', DATA, privateKey);
    expect(await verifyDigest(publicKey, 'sha256', digest, sig)).toBe(true);
    expect(await verifyDigest(publicKey, 'sha256', digest, sig.subarray(0, sig.length - 1))).toBe(
      false,
    );
    expect(await verifyDigest(publicKey, 'sha384', digest, sig)).toBe(false);
  });
});

describe('entry IDs', () => {
  it('prefixes the tree ID as 16 hex digits and parses both forms back', () => {
    const leaf = Buffer.alloc(32, 0xab);
    const id = entryId(42n, leaf);
    expect(id).toBe(`000000000000002a${'ab'.repeat(32)}`);
    expect(parseEntryId(id)).toEqual({ treeId: 42n, leafHash: leaf });
    expect(parseEntryId(id.slice(16))).toEqual({ leafHash: leaf });
    expect(() => parseEntryId(`${'0'.repeat(16)}${'ab'.repeat(32)}`)).toThrow(/tree ID 0/);
    expect(() => parseEntryId('abc')).toThrow(/64 or 80/);
  });
});

describe('SET payload', () => {
  it('is the JCS of {body, integratedTime, logID, logIndex}', () => {
    expect(
      setPayload({ logIndex: 7, logID: 'ff', integratedTime: 1700000000, body: 'e30=' }).toString(),
    ).toBe('{"body":"e30=","integratedTime":1700000000,"logID":"ff","logIndex":7}');
  });

  it('is exactly what the generic canonicaliser writes', () => {
    for (const p of [
      { body: 'e30=', integratedTime: 0, logID: '', logIndex: 0 },
      {
        body: 'a"b\\c\n\u0001é€😀',
        integratedTime: 1,
        logID: 'ab'.repeat(32),
        logIndex: 2 ** 53 - 1,
      },
      { body: 'x'.repeat(5000), integratedTime: 1763856000, logID: 'ff', logIndex: 123456789 },
    ]) {
      expect(setPayload(p).equals(canonicalJson({ ...p }))).toBe(true);
    }
    expect(() => setPayload({ body: '', integratedTime: 1.5, logID: '', logIndex: 0 })).toThrow(
      RangeError,
    );
  });
});

describe('checkpoints', () => {
  it('signs a v1 note that verifies with the log key and names the host', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const c = { origin: 'rekor.example - 42', size: 3n, rootHash: Buffer.alloc(32, 1) };
    const note = await signCheckpoint(c, 'rekor.example', spki, (d) =>
      Promise.resolve(sign('sha256', d, privateKey)),
    );
    expect(note).toMatch(
      /^rekor\.example - 42\n3\nAQEB[A-Za-z0-9+/=]+\n\n— rekor\.example [A-Za-z0-9+/=]+\n$/,
    );
    expect(verifyCheckpoint(note, 'rekor.example', publicKey)).toEqual(c);
    expect(() =>
      verifyCheckpoint(note.replace('\n3\n', '\n4\n'), 'rekor.example', publicKey),
    ).toThrow(/no valid signature/);
  });
});

describe('inTotoIndexKeys', () => {
  const statement = (predicateType: string) =>
    Buffer.from(
      JSON.stringify({
        _type: 'https://in-toto.io/Statement/v0.1',
        subject: [{ name: 'app', digest: { sha256: 'aa'.repeat(32) } }],
        predicateType,
        predicate: { materials: [{ uri: 'git+https://x', digest: { sha1: 'bb'.repeat(20) } }] },
      }),
    );
  const IN_TOTO = 'application/vnd.in-toto+json';

  // Upstream (dsse v0.0.1 IndexKeys) reads materials by decoding any statement as SLSA v0.2
  // provenance, whatever its predicateType says.
  it('indexes subjects and materials of in-toto statements, whatever the predicate type', () => {
    for (const type of ['https://slsa.dev/provenance/v0.2', 'https://example.com/custom/v1']) {
      expect(inTotoIndexKeys(IN_TOTO, statement(type))).toEqual([
        `sha256:${'aa'.repeat(32)}`,
        `sha1:${'bb'.repeat(20)}`,
      ]);
    }
    expect(inTotoIndexKeys('text/plain', statement('https://slsa.dev/provenance/v0.2'))).toEqual(
      [],
    );
  });
});
