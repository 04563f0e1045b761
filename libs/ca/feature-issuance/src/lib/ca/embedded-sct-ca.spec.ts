import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  issuerKeyHash,
  logIdFromSpki,
  precertTbsForSct,
  signSct,
  type SignedCertificateTimestamp,
} from '@sigstead/util-ct';
import type { Principal } from '@sigstead/util-identity';
import { FulcioError } from '../error.js';
import { classifyFulcioError } from '../fulcio.module.js';
import { loadCaMaterial } from './ca-material.js';
import type { CtSubmitter } from './ct-submitter.js';
import { EmbeddedSctCa, type CaMaterial } from './embedded-sct-ca.js';

const principal: Principal = {
  challengeCandidates: ['alice@example.com'],
  subjectAltName: { kind: 'email', value: 'alice@example.com' },
  issuer: 'https://idp.example',
  subject: 'alice',
  extensions: [],
};

/** A CT log of its own key: signs an SCT over the precertificate it is given. */
function ctLog(material: CaMaterial) {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const logId = logIdFromSpki(publicKey.export({ type: 'spki', format: 'der' }));
  const submitter: CtSubmitter = {
    addPreChain: ([precert]) =>
      signSct(
        {
          logId,
          timestamp: BigInt(Date.now()),
          entry: {
            type: 'precert',
            issuerKeyHash: issuerKeyHash(material.chain[0]),
            tbsCertificate: precertTbsForSct(precert!),
          },
        },
        privateKey,
      ),
  };
  return { publicKey, submitter };
}

describe('EmbeddedSctCa', () => {
  let dir: string;
  let material: CaMaterial;
  const leafKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
    type: 'spki',
    format: 'der',
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'embedded-sct-'));
    material = await loadCaMaterial({
      keyType: 'ecdsa-p256',
      subject: { commonName: 'test', organization: 'test' },
      dir,
      passphrase: 'pw',
    });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('issues a certificate carrying the SCT of its log, checked with the log key', async () => {
    const log = ctLog(material);
    const ca = new EmbeddedSctCa(material, log.submitter, log.publicKey);
    const [leaf, ...chain] = await ca.issue(principal, leafKey);
    expect(chain).toHaveLength(2);
    const cert = new X509Certificate(leaf!);
    expect(cert.subjectAltName).toBe('email:alice@example.com');
    expect(cert.checkIssued(new X509Certificate(chain[0]!))).toBe(true);
    // The SCT list extension (1.3.6.1.4.1.11129.2.4.2) is in the final certificate.
    expect(
      cert.raw.includes(
        Buffer.from('06 0a 2b 06 01 04 01 d6 79 02 04 02'.replace(/ /g, ''), 'hex'),
      ),
    ).toBe(true);
  });

  it('issues under a P-384 CA, signed with ECDSA SHA-384', async () => {
    const p384Dir = await mkdtemp(join(tmpdir(), 'embedded-sct-384-'));
    try {
      const p384 = await loadCaMaterial({
        keyType: 'ecdsa-p384',
        subject: { commonName: 'test', organization: 'test' },
        dir: p384Dir,
        passphrase: 'pw',
      });
      const log = ctLog(p384);
      const [leaf, intermediate, root] = (
        await new EmbeddedSctCa(p384, log.submitter, log.publicKey).issue(principal, leafKey)
      ).map((pem) => new X509Certificate(pem));
      expect(intermediate!.publicKey.asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
      expect(leaf!.verify(intermediate!.publicKey)).toBe(true);
      expect(intermediate!.verify(root!.publicKey)).toBe(true);
      // ecdsa-with-SHA384 (1.2.840.10045.4.3.3) signs the leaf.
      expect(leaf!.raw.includes(Buffer.from('06082a8648ce3d040303', 'hex'))).toBe(true);
    } finally {
      await rm(p384Dir, { recursive: true, force: true });
    }
  });

  it('answers 500 and no certificate when the CT log fails', async () => {
    const failing: CtSubmitter = { addPreChain: () => Promise.reject(new Error('log down')) };
    const err = await new EmbeddedSctCa(material, failing)
      .issue(principal, leafKey)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FulcioError);
    expect(err).toMatchObject({ code: 'CT_FAILED' });
    expect(classifyFulcioError(err)).toMatchObject({
      status: 500,
      message: 'Error entering certificate in CTL',
    });
  });

  it('refuses an SCT that its log key does not verify', async () => {
    const log = ctLog(material);
    const other = ctLog(material);
    const forged: CtSubmitter = {
      addPreChain: async (chain): Promise<SignedCertificateTimestamp> => ({
        ...(await other.submitter.addPreChain(chain)),
        logId: logIdFromSpki(log.publicKey.export({ type: 'spki', format: 'der' })),
      }),
    };
    for (const submitter of [forged, other.submitter]) {
      const err = await new EmbeddedSctCa(material, submitter, log.publicKey)
        .issue(principal, leafKey)
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'CT_FAILED' });
      expect(classifyFulcioError(err)?.status).toBe(500);
    }
  });
});
