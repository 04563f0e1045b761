import type { KeyObject } from 'node:crypto';
import type { Signer } from '@sigstead/data-access-keys';
import {
  issuerKeyHash,
  logIdFromSpki,
  precertTbsForSct,
  verifySct,
  type SignedCertificateTimestamp,
} from '@sigstead/util-ct';
import type { Principal } from '@sigstead/util-identity';
import {
  buildLeafTbs,
  checkEmbeddedSct,
  encodePem,
  fulcioIssuerExtensions,
  issuerProfile,
  randomSerial,
  signTbs,
  type IssuerProfile,
  X509Error,
} from '@sigstead/util-x509';
import { FulcioError } from '../error.js';
import type { CertificateAuthority } from '../ports.js';
import type { CtSubmitter } from './ct-submitter.js';

const LEAF_LIFETIME_MS = 10 * 60 * 1000;

export interface CaMaterial {
  /** Signs with the issuing intermediate's key. */
  readonly signer: Signer;
  /** DER chain: intermediate first, root last. */
  readonly chain: readonly [issuer: Buffer, ...rest: Buffer[]];
}

/**
 * Fulcio's embedded-SCT issuance (baseca): precertificate with poison → CT log → final certificate with
 * the SCT list in the poison's place, checked byte-for-byte before it leaves.
 */
export class EmbeddedSctCa implements CertificateAuthority {
  private readonly issuer: IssuerProfile;
  private readonly chainPem: string[];
  private readonly sign: (data: Buffer) => Promise<Buffer>;
  private readonly ctLogId?: Buffer;

  constructor(
    private readonly material: CaMaterial,
    private readonly ct: CtSubmitter,
    /** When set, the SCT returned by the log is verified with this key (Fulcio's --ct-log-public-key-path). */
    private readonly ctPublicKey?: KeyObject,
    private readonly now: () => number = Date.now,
  ) {
    this.issuer = issuerProfile(material.chain[0]);
    // Each PEM block ends with a newline, as Go's pem.EncodeToMemory writes it (upstream's v2 chain).
    this.chainPem = material.chain.map((der) => encodePem('CERTIFICATE', der).trimEnd() + '\n');
    this.sign = (data) => material.signer.sign(data);
    if (ctPublicKey)
      this.ctLogId = logIdFromSpki(ctPublicKey.export({ type: 'spki', format: 'der' }));
  }

  trustBundle(): string[][] {
    return [[...this.chainPem]];
  }

  async issue(principal: Principal, subjectPublicKeyInfo: Buffer): Promise<string[]> {
    const notBefore = Math.floor(this.now() / 1000) * 1000;
    const tbs = this.buildTbs({
      serial: randomSerial(),
      notBefore: new Date(notBefore),
      notAfter: new Date(notBefore + LEAF_LIFETIME_MS),
      issuerName: this.issuer.issuerName,
      authorityKeyId: this.issuer.authorityKeyId,
      subjectPublicKeyInfo,
      subjectAltName: principal.subjectAltName,
      fulcioExtensions: [
        ...fulcioIssuerExtensions(principal.issuer),
        ...principal.extensions.map(({ oid, value }) => ({ oid, value })),
      ],
      signatureAlgorithm: this.issuer.signatureAlgorithm,
    });
    const precert = await this.signOrFail(tbs.precertificate);
    let sct;
    try {
      sct = await this.ct.addPreChain([precert, ...this.material.chain]);
    } catch (err) {
      throw new FulcioError('CT_FAILED', { cause: err });
    }
    this.checkSct(sct, precert);
    const final = await this.signOrFail(tbs.withSctList([sct]));
    try {
      checkEmbeddedSct(final, precert);
    } catch (err) {
      throw new FulcioError('CA_FAILED', { cause: err });
    }
    return [encodePem('CERTIFICATE', final).trimEnd() + '\n', ...this.chainPem];
  }

  /** A principal the profile cannot express (e.g. a SAN that is not IA5) is the token's problem: 400. */
  private buildTbs(profile: Parameters<typeof buildLeafTbs>[0]) {
    try {
      return buildLeafTbs(profile);
    } catch (err) {
      if (err instanceof X509Error && err.code === 'INVALID_PROFILE') {
        throw new FulcioError('PRINCIPAL_INVALID', { cause: err });
      }
      throw err;
    }
  }

  private async signOrFail(tbs: Buffer): Promise<Buffer> {
    try {
      return await signTbs(tbs, this.issuer.signatureAlgorithm, this.sign);
    } catch (err) {
      throw new FulcioError('CA_FAILED', { cause: err });
    }
  }

  private checkSct(sct: SignedCertificateTimestamp, precert: Buffer): void {
    if (!this.ctPublicKey || !this.ctLogId) return;
    const entry = {
      type: 'precert' as const,
      issuerKeyHash: issuerKeyHash(this.material.chain[0]),
      tbsCertificate: precertTbsForSct(precert),
    };
    if (!sct.logId.equals(this.ctLogId) || !verifySct(sct, entry, this.ctPublicKey)) {
      throw new FulcioError('CT_FAILED', {
        cause: new Error('the CT log returned an SCT that does not verify'),
      });
    }
  }
}
