import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  loadOrCreateFileSigner,
  signerFromPem,
  writeExclusive,
  type Signer,
  type SigningAlgorithm,
} from '@sigstead/data-access-keys';
import {
  createIntermediateCertificate,
  createRootCertificate,
  decodePem,
  encodePem,
  type CaSubject,
} from '@sigstead/util-x509';
import type { CaMaterial } from './embedded-sct-ca.js';

export interface CaMaterialOptions {
  readonly keyType: 'ecdsa-p256' | 'ecdsa-p384';
  readonly subject: CaSubject;
  /** Directory for generated material (`<dataDir>/keys/ca`). */
  readonly dir: string;
  readonly passphrase: string;
  /** Operator-made material, used instead of generating. */
  readonly files?: {
    readonly rootCertFile: string;
    readonly intermediateCertFile: string;
    readonly intermediateKeyFile: string;
  };
  readonly now?: () => number;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * The CA chain and the intermediate's signer: loaded from operator files, or generated once on first
 * start (root and intermediate keys as encrypted PEM files, certificates beside them) and reused after.
 */
export async function loadCaMaterial(options: CaMaterialOptions): Promise<CaMaterial> {
  if (options.files) return loadOperatorMaterial(options.files, options.passphrase);
  const algorithm: SigningAlgorithm =
    options.keyType === 'ecdsa-p384' ? 'ecdsa-p384-sha384' : 'ecdsa-p256-sha256';
  const key = (name: string) =>
    loadOrCreateFileSigner({
      file: join(options.dir, name),
      passphrase: options.passphrase,
      generate: algorithm,
    });
  const root = await key('root.key.pem');
  const intermediate = await key('intermediate.key.pem');
  const now = options.now?.() ?? Date.now();
  const notBefore = new Date(now - 60_000);
  const rootDer = await certFile(join(options.dir, 'root.crt.pem'), () =>
    createRootCertificate({
      publicKey: root.spki,
      subject: options.subject,
      notBefore,
      notAfter: new Date(now + 10 * YEAR_MS),
      sign: (data) => root.sign(data),
    }),
  );
  const intermediateDer = await certFile(join(options.dir, 'intermediate.crt.pem'), () =>
    createIntermediateCertificate({
      publicKey: intermediate.spki,
      subject: { ...options.subject, commonName: `${options.subject.commonName}-intermediate` },
      issuerCertificate: rootDer,
      notBefore,
      notAfter: new Date(now + 10 * YEAR_MS - 24 * 3600 * 1000),
      sign: (data) => root.sign(data),
    }),
  );
  return checkedMaterial({ signer: intermediate, chain: [intermediateDer, rootDer] });
}

/**
 * Refuses to run a CA whose key does not match its certificate, or whose intermediate is not issued
 * by its root: every certificate it signed would fail verification, and land in the CT log first.
 */
function checkedMaterial(material: CaMaterial): CaMaterial {
  const [intermediate, root] = material.chain.map((der) => new X509Certificate(der));
  if (!intermediate || !root) throw new Error('the CA chain needs an intermediate and a root');
  const certKey = intermediate.publicKey.export({ type: 'spki', format: 'der' });
  if (!certKey.equals(material.signer.spki)) {
    throw new Error('the intermediate key does not match the intermediate certificate');
  }
  if (!intermediate.checkIssued(root) || !intermediate.verify(root.publicKey)) {
    throw new Error('the intermediate certificate is not issued by the root certificate');
  }
  if (!intermediate.ca || !root.ca)
    throw new Error('the CA chain has a certificate that is not a CA');
  return material;
}

async function certFile(file: string, create: () => Promise<Buffer>): Promise<Buffer> {
  const existing = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (existing) return pemCertificate(existing, file);
  await writeExclusive(file, encodePem('CERTIFICATE', await create()));
  return pemCertificate(await readFile(file, 'utf8'), file);
}

async function loadOperatorMaterial(
  files: NonNullable<CaMaterialOptions['files']>,
  passphrase: string,
): Promise<CaMaterial> {
  const [rootPem, intermediatePem, keyPem] = await Promise.all([
    readFile(files.rootCertFile, 'utf8'),
    readFile(files.intermediateCertFile, 'utf8'),
    readFile(files.intermediateKeyFile, 'utf8'),
  ]);
  const signer: Signer = signerFromPem(keyPem, passphrase);
  const intermediate = pemCertificate(intermediatePem, files.intermediateCertFile);
  return checkedMaterial({
    signer,
    chain: [intermediate, pemCertificate(rootPem, files.rootCertFile)],
  });
}

function pemCertificate(text: string, file: string): Buffer {
  const block = decodePem(text);
  if (!block || block.label !== 'CERTIFICATE')
    throw new Error(`${file} does not hold a PEM certificate`);
  return block.der;
}
