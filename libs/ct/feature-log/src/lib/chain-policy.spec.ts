import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChainPolicy, decodeChain } from './chain-policy.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

type KeyPair = webcrypto.CryptoKeyPair;

async function ca(name: string, issuer?: { name: string; keys: KeyPair }, isCa = true) {
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    subject: `CN=${name}`,
    issuer: `CN=${issuer?.name ?? name}`,
    notBefore: new Date(Date.now() - 1000),
    notAfter: new Date(Date.now() + 3600_000),
    signingAlgorithm: alg,
    publicKey: keys.publicKey,
    signingKey: (issuer?.keys ?? keys).privateKey,
    extensions: isCa ? [new x509.BasicConstraintsExtension(true, undefined, true)] : [],
  });
  return { name, keys, der: Buffer.from(cert.rawData) };
}

describe('ChainPolicy', () => {
  let root: Awaited<ReturnType<typeof ca>>;
  let intermediate: Awaited<ReturnType<typeof ca>>;
  let leaf: Awaited<ReturnType<typeof ca>>;
  let otherRoot: Awaited<ReturnType<typeof ca>>;

  beforeAll(async () => {
    root = await ca('root');
    intermediate = await ca('intermediate', root);
    leaf = await ca('leaf', intermediate);
    otherRoot = await ca('root'); // same name, different key
  });

  it('accepts a chain that ends at an accepted root', async () => {
    const policy = new ChainPolicy([root.der]);
    const chain = [leaf.der, intermediate.der, root.der];
    expect((await policy.validate(chain)).ders).toEqual(chain);
  });

  it('appends the root when the client leaves it out', async () => {
    const policy = new ChainPolicy([root.der]);
    expect((await policy.validate([leaf.der, intermediate.der])).ders).toEqual([
      leaf.der,
      intermediate.der,
      root.der,
    ]);
  });

  it('refuses a chain that ends at another root with the same name', async () => {
    const policy = new ChainPolicy([otherRoot.der]);
    await expect(policy.validate([leaf.der, intermediate.der, root.der])).rejects.toMatchObject({
      code: 'UNTRUSTED_CHAIN',
    });
  });

  it('checks every leaf even when its issuing chain was verified before', async () => {
    const policy = new ChainPolicy([root.der]);
    await policy.validate([leaf.der, intermediate.der, root.der]);
    const forged = Buffer.from(leaf.der);
    forged[forged.length - 5]! ^= 0xff; // inside the signature
    await expect(policy.validate([forged, intermediate.der, root.der])).rejects.toMatchObject({
      code: expect.stringMatching(/UNTRUSTED_CHAIN|BAD_REQUEST/),
    });
  });

  it('still checks names and the issuing chain for a leaf signed in this process', async () => {
    const policy = new ChainPolicy([root.der]);
    const forged = Buffer.from(leaf.der);
    forged[forged.length - 5]! ^= 0xff;
    // The signature is not re-verified for the in-process CA…
    await expect(
      policy.validate([forged, intermediate.der, root.der], { leafSignedHere: true }),
    ).resolves.toBeDefined();
    // …but a chain that does not name its issuer, or ends elsewhere, is still refused.
    await expect(
      policy.validate([leaf.der, root.der], { leafSignedHere: true }),
    ).rejects.toMatchObject({ code: 'UNTRUSTED_CHAIN' });
    await expect(
      new ChainPolicy([otherRoot.der]).validate([leaf.der, intermediate.der, root.der], {
        leafSignedHere: true,
      }),
    ).rejects.toMatchObject({ code: 'UNTRUSTED_CHAIN' });
  });

  it('refuses a leaf certificate posing as an intermediate', async () => {
    const endEntity = await ca('end-entity', intermediate, false);
    const forged = await ca('forged', endEntity);
    const policy = new ChainPolicy([root.der]);
    await expect(
      policy.validate([forged.der, endEntity.der, intermediate.der, root.der]),
    ).rejects.toMatchObject({ code: 'UNTRUSTED_CHAIN', message: 'certificate 1 is not a CA' });
  });

  it('refuses certificates given in the wrong order', async () => {
    const policy = new ChainPolicy([root.der]);
    await expect(policy.validate([intermediate.der, leaf.der, root.der])).rejects.toMatchObject({
      code: 'UNTRUSTED_CHAIN',
    });
  });

  it.each([
    ['an empty body', {}],
    ['an empty chain', { chain: [] }],
    ['a chain of numbers', { chain: [1] }],
    ['non-base64', { chain: ['***'] }],
    ['unpadded base64 (Go decodes []byte padded)', { chain: ['AAA'] }],
    ['URL-safe base64', { chain: ['A-_A'] }],
    ['an empty string', { chain: [''] }],
    ['eleven certificates', { chain: Array.from({ length: 11 }, () => 'AAAA') }],
  ])('rejects %s as a bad request', (_name, body) => {
    expect(() => decodeChain(body)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });

  it('rejects bytes that are not a certificate', async () => {
    const policy = new ChainPolicy([root.der]);
    await expect(policy.validate([Buffer.from('not a certificate')])).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it.each([
    ['Ed25519', { name: 'Ed25519' }],
    [
      'RSASSA-PSS with SHA-256',
      {
        name: 'RSA-PSS',
        hash: 'SHA-256',
        saltLength: 32,
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
      },
    ],
  ])('accepts a chain signed with %s, as Go x509 does', async (_name, algorithm) => {
    const keys: KeyPair = await webcrypto.subtle.generateKey(algorithm as never, true, [
      'sign',
      'verify',
    ]);
    type Key = webcrypto.CryptoKey;
    const sign = async (subject: string, issuer: string, key: Key, signer: Key) =>
      Buffer.from(
        (
          await x509.X509CertificateGenerator.create({
            subject,
            issuer,
            notBefore: new Date(Date.now() - 1000),
            notAfter: new Date(Date.now() + 3600_000),
            signingAlgorithm: algorithm as never,
            publicKey: key,
            signingKey: signer,
            extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
          })
        ).rawData,
      );
    const otherRoot = await sign('CN=other', 'CN=other', keys.publicKey, keys.privateKey);
    const selfSigned = await sign('CN=root', 'CN=root', keys.publicKey, keys.privateKey);
    const child = await sign('CN=child', 'CN=root', keys.publicKey, keys.privateKey);
    const policy = new ChainPolicy([selfSigned]);
    expect((await policy.validate([child, selfSigned])).ders).toEqual([child, selfSigned]);
    await expect(new ChainPolicy([otherRoot]).validate([child])).rejects.toMatchObject({
      code: 'UNTRUSTED_CHAIN',
    });
  });
});
