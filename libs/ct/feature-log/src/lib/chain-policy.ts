import {
  constants,
  createPublicKey,
  hash,
  verify,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { id_mgf1, id_RSASSA_PSS, RsaSaPssParams } from '@peculiar/asn1-rsa';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { signedParts, type SignedParts } from '@sigstead/util-ct';
import { isStdBase64 } from '@sigstead/util-encoding';
import { CtLogError } from './error.js';

export interface ValidatedChain {
  /** Submitted certificates (DER), leaf first, with the accepted root appended when the client left it out. */
  readonly ders: readonly Buffer[];
}

const MAX_CHAIN = 10;

/** `{"chain": [base64 DER, ...]}` → DER certificates (RFC 6962 §4.1). */
export function decodeChain(input: unknown): Buffer[] {
  const chain = (input as { chain?: unknown } | null)?.chain;
  if (!Array.isArray(chain) || chain.length === 0) {
    throw new CtLogError(
      'BAD_REQUEST',
      'body must be {"chain": [base64 DER, ...]} with at least one certificate',
    );
  }
  if (chain.length > MAX_CHAIN)
    throw new CtLogError('BAD_REQUEST', `chain longer than ${MAX_CHAIN}`);
  return chain.map((c, i) => {
    // Go's JSON decoding of []byte: standard base64, padded.
    if (typeof c !== 'string' || c === '' || !isStdBase64(c)) {
      throw new CtLogError('BAD_REQUEST', `chain[${i}] is not base64`);
    }
    return Buffer.from(c, 'base64');
  });
}

interface Cert {
  readonly der: Buffer;
  readonly parts: SignedParts;
  /** Imported on first use: only issuers' keys are ever needed (an import costs ~50 µs). */
  key(): KeyObject;
}

/**
 * RFC 6962 §3.1 chain acceptance, as ctfe's cert checker does it for Fulcio: every certificate is named
 * and signed by the next, and the chain ends at (or is directly issued by) one of the accepted roots.
 * Validity periods are not checked (ctfe disables time checks; Fulcio leaves live ten minutes).
 * Issuing chains repeat on every request, so a verified one is remembered and only the leaf is checked;
 * signature checks run in the thread pool.
 */
export class ChainPolicy {
  private readonly roots: readonly Cert[];
  private readonly verified = new Map<string, Cert[]>();

  constructor(roots: readonly Buffer[]) {
    this.roots = roots.map((der, i) => parse(der, `root ${i}`));
  }

  /**
   * `leafSignedHere`: the leaf was signed a moment ago by the CA in this same process (the in-process
   * submitter), so its signature is not verified again; names and the issuing chain still are.
   */
  async validate(
    ders: readonly Buffer[],
    options: { leafSignedHere?: boolean } = {},
  ): Promise<ValidatedChain> {
    if (ders.length === 0 || ders.length > MAX_CHAIN) {
      throw new CtLogError('BAD_REQUEST', `a chain has 1 to ${MAX_CHAIN} certificates`);
    }
    const leaf = parse(ders[0]!, 'chain[0]');
    const issuers = await this.trustedIssuers(ders.slice(1), leaf);
    const issuer = issuers[0]!;
    if (!options.leafSignedHere) await expectIssued(leaf, issuer, 0);
    else if (!leaf.parts.issuer.equals(issuer.parts.subject)) {
      throw new CtLogError('UNTRUSTED_CHAIN', 'certificate 0 is not issued by certificate 1');
    }
    return { ders: [leaf, ...issuers].map((c) => c.der) };
  }

  /**
   * The issuing chain above the leaf, checked once and remembered: every certificate is a CA named and
   * signed by the next (a leaf certificate cannot pose as an intermediate), and the chain ends at an
   * accepted root or is issued by one (which is then appended). A bare leaf gets the root that issued it.
   */
  private async trustedIssuers(ders: readonly Buffer[], leaf: Cert): Promise<Cert[]> {
    if (ders.length === 0) {
      for (const root of this.roots) if (await issued(leaf, root)) return [root];
      throw new CtLogError('UNTRUSTED_CHAIN', 'chain does not end at an accepted root');
    }
    const key = hash('sha256', Buffer.concat(ders), 'hex');
    const known = this.verified.get(key);
    if (known) return known;
    const certs = ders.map((der, i) => parse(der, `chain[${i + 1}]`));
    for (const [i, cert] of certs.entries()) {
      if (!isCa(cert.der))
        throw new CtLogError('UNTRUSTED_CHAIN', `certificate ${i + 1} is not a CA`);
    }
    for (let i = 0; i + 1 < certs.length; i++) await expectIssued(certs[i]!, certs[i + 1]!, i + 1);
    const trusted = await this.anchor(certs);
    // Only accepted chains are remembered, so junk submissions cannot fill the cache.
    if (this.verified.size >= 64) this.verified.clear();
    this.verified.set(key, trusted);
    return trusted;
  }

  private async anchor(certs: Cert[]): Promise<Cert[]> {
    const last = certs[certs.length - 1]!;
    if (this.roots.some((r) => r.der.equals(last.der))) return certs;
    for (const root of this.roots) if (await issued(last, root)) return [...certs, root];
    throw new CtLogError('UNTRUSTED_CHAIN', 'chain does not end at an accepted root');
  }
}

function isCa(der: Buffer): boolean {
  try {
    return new X509Certificate(der).ca;
  } catch {
    return false;
  }
}

function parse(der: Buffer, what: string): Cert {
  try {
    const parts = signedParts(der);
    let key: KeyObject | undefined;
    return {
      der,
      parts,
      key: () =>
        (key ??= createPublicKey({ key: parts.subjectPublicKeyInfo, format: 'der', type: 'spki' })),
    };
  } catch (err) {
    throw new CtLogError('BAD_REQUEST', `${what} is not a DER certificate`, { cause: err });
  }
}

/** How a certificate's signature is checked: its digest (none for Ed25519), and PSS's salt length. */
interface SignatureScheme {
  readonly digest: string | null;
  readonly pssSaltLength?: number;
}

// The signature AlgorithmIdentifiers Go's x509 verifies (ctfe's chain check), by DER. ECDSA and
// Ed25519 have no parameters; RSA PKCS#1 v1.5 has NULL ones. SHA-1 is left out.
const SCHEMES = new Map<string, SignatureScheme>([
  ['300a06082a8648ce3d040302', { digest: 'sha256' }],
  ['300a06082a8648ce3d040303', { digest: 'sha384' }],
  ['300a06082a8648ce3d040304', { digest: 'sha512' }],
  ['300d06092a864886f70d01010b0500', { digest: 'sha256' }],
  ['300d06092a864886f70d01010c0500', { digest: 'sha384' }],
  ['300d06092a864886f70d01010d0500', { digest: 'sha512' }],
  ['300506032b6570', { digest: null }],
]);

/** RSASSA-PSS hashes Go accepts, with the salt length it requires (the hash's length). */
const PSS_HASHES = new Map<string, SignatureScheme>([
  ['2.16.840.1.101.3.4.2.1', { digest: 'sha256', pssSaltLength: 32 }],
  ['2.16.840.1.101.3.4.2.2', { digest: 'sha384', pssSaltLength: 48 }],
  ['2.16.840.1.101.3.4.2.3', { digest: 'sha512', pssSaltLength: 64 }],
]);

const DER_NULL = Buffer.from([0x05, 0x00]);

/** Absent or NULL: the parameters Go allows on the hash AlgorithmIdentifiers inside PSS's. */
function noParameters(ai: AlgorithmIdentifier): boolean {
  return ai.parameters == null || Buffer.from(ai.parameters).equals(DER_NULL);
}

/**
 * RSASSA-PSS in the three forms Go's x509 accepts (RFC 4055): SHA-256/384/512, MGF1 over the same
 * hash, a salt as long as the hash and the default trailer.
 */
function pssScheme(algorithm: Buffer): SignatureScheme | undefined {
  try {
    const ai = AsnConvert.parse(algorithm, AlgorithmIdentifier);
    if (ai.algorithm !== id_RSASSA_PSS || !ai.parameters) return undefined;
    const params = AsnConvert.parse(ai.parameters, RsaSaPssParams);
    const scheme = PSS_HASHES.get(params.hashAlgorithm.algorithm);
    const mgf = params.maskGenAlgorithm;
    if (!scheme || mgf.algorithm !== id_mgf1 || !mgf.parameters) return undefined;
    const mgfHash = AsnConvert.parse(mgf.parameters, AlgorithmIdentifier);
    const exact =
      noParameters(params.hashAlgorithm) &&
      mgfHash.algorithm === params.hashAlgorithm.algorithm &&
      noParameters(mgfHash) &&
      params.saltLength === scheme.pssSaltLength &&
      params.trailerField === 1;
    return exact ? scheme : undefined;
  } catch {
    return undefined;
  }
}

function issued(cert: Cert, issuer: Cert): Promise<boolean> {
  const algorithm = cert.parts.signatureAlgorithm;
  const scheme = SCHEMES.get(algorithm.toString('hex')) ?? pssScheme(algorithm);
  if (!scheme || !cert.parts.issuer.equals(issuer.parts.subject)) return Promise.resolve(false);
  const key =
    scheme.pssSaltLength === undefined
      ? issuer.key()
      : {
          key: issuer.key(),
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: scheme.pssSaltLength,
        };
  return new Promise((resolve) => {
    try {
      verify(scheme.digest, cert.parts.tbs, key, cert.parts.signature, (err, ok) =>
        resolve(!err && ok),
      );
    } catch {
      resolve(false); // a key of another type than the signature's (e.g. an EC key under PSS)
    }
  });
}

async function expectIssued(cert: Cert, issuer: Cert, index: number): Promise<void> {
  if (!(await issued(cert, issuer))) {
    throw new CtLogError(
      'UNTRUSTED_CHAIN',
      `certificate ${index} is not signed by certificate ${index + 1}`,
    );
  }
}
