// Test fixtures built at run time: a root → intermediate hierarchy on a given curve, a log key,
// and a Fulcio-style leaf profile for a fresh P-256 client key.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { keyObjectSigner } from '../lib/algorithms.js';
import { createIntermediateCertificate, createRootCertificate } from '../lib/ca/ca-certificates.js';
import { issuerProfile } from '../lib/ca/certificate-info.js';
import { FULCIO_OID, fulcioIssuerExtensions } from '../lib/leaf/fulcio-extensions.js';
import type { LeafProfile } from '../lib/leaf/leaf-tbs.js';
import { randomSerial } from '../lib/serial.js';

export interface Hierarchy {
  readonly rootKey: KeyObject;
  readonly rootDer: Buffer;
  readonly intermediateKey: KeyObject;
  readonly intermediatePublicKey: KeyObject;
  readonly intermediateDer: Buffer;
}

const YEAR = 365 * 24 * 3600 * 1000;
export const T0 = new Date('2026-01-01T00:00:00Z');

export async function hierarchy(namedCurve: 'P-256' | 'P-384'): Promise<Hierarchy> {
  const root = generateKeyPairSync('ec', { namedCurve });
  const intermediate = generateKeyPairSync('ec', { namedCurve });
  const rootDer = await createRootCertificate({
    publicKey: root.publicKey,
    subject: { organization: 'sigstead.test', commonName: 'sigstead' },
    notBefore: T0,
    notAfter: new Date(T0.getTime() + 10 * YEAR),
    sign: keyObjectSigner(root.privateKey),
  });
  const intermediateDer = await createIntermediateCertificate({
    publicKey: intermediate.publicKey,
    subject: { organization: 'sigstead.test', commonName: 'sigstead-intermediate' },
    issuerCertificate: rootDer,
    notBefore: T0,
    notAfter: new Date(T0.getTime() + 3 * YEAR),
    sign: keyObjectSigner(root.privateKey),
  });
  return {
    rootKey: root.publicKey,
    rootDer,
    intermediateKey: intermediate.privateKey,
    intermediatePublicKey: intermediate.publicKey,
    intermediateDer,
  };
}

export function leafProfile(
  intermediateDer: Buffer,
  overrides: Partial<LeafProfile> = {},
): LeafProfile {
  const issuer = issuerProfile(intermediateDer);
  const client = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const notBefore = new Date(T0.getTime() + 24 * 3600 * 1000);
  return {
    serial: randomSerial(),
    notBefore,
    notAfter: new Date(notBefore.getTime() + 10 * 60 * 1000),
    issuerName: issuer.issuerName,
    authorityKeyId: issuer.authorityKeyId,
    subjectPublicKeyInfo: client.publicKey.export({ type: 'spki', format: 'der' }),
    subjectAltName: { kind: 'email', value: 'alice@example.com' },
    fulcioExtensions: [
      { oid: FULCIO_OID.subject, value: 'alice-sub' },
      ...fulcioIssuerExtensions('https://oidc.example.com'),
      { oid: FULCIO_OID.buildSignerUri, value: 'https://ci.example.com/build' },
    ],
    signatureAlgorithm: issuer.signatureAlgorithm,
    ...overrides,
  };
}

/** The value, or a test failure when it is missing (keeps specs free of `!`). */
export function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}
