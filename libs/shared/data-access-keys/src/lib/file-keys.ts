import { createPrivateKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  algorithmOf,
  KeyError,
  KeyObjectSigner,
  type Signer,
  type SigningAlgorithm,
} from './signer.js';

export interface FileKeyOptions {
  readonly file: string;
  /** Decrypts (and, when generating, encrypts) the PKCS#8 PEM. Never logged. */
  readonly passphrase: string;
  /** Key type to generate when the file does not exist yet. */
  readonly generate?: SigningAlgorithm;
}

export interface ServiceKeyOptions {
  /** An operator-made key (encrypted PKCS#8 PEM); when absent, `generatedFile` is used. */
  readonly operatorFile?: string;
  /** Where the service keeps the key it generates on first start. */
  readonly generatedFile: string;
  readonly passphrase: string;
  /** The only algorithm the service's clients accept; also what is generated. */
  readonly algorithm: SigningAlgorithm;
  /** Names the key in the error, e.g. "the CT log key". */
  readonly what: string;
}

const ALGORITHM_NAMES: Record<SigningAlgorithm, string> = {
  'ecdsa-p256-sha256': 'ECDSA P-256',
  'ecdsa-p384-sha384': 'ECDSA P-384',
  ed25519: 'Ed25519',
};

/** A service's signing key: the operator's file, else generated on first start; refused unless `algorithm`. */
export async function loadServiceSigner(options: ServiceKeyOptions): Promise<Signer> {
  const signer = options.operatorFile
    ? signerFromPem(await readFile(options.operatorFile), options.passphrase)
    : await loadOrCreateFileSigner({
        file: options.generatedFile,
        passphrase: options.passphrase,
        generate: options.algorithm,
      });
  if (signer.algorithm !== options.algorithm) {
    throw new KeyError(
      'UNSUPPORTED_KEY',
      `${options.what} must be ${ALGORITHM_NAMES[options.algorithm]} (got ${signer.algorithm})`,
    );
  }
  return signer;
}

/** Loads an encrypted PKCS#8 PEM key, or generates it atomically when absent and `generate` is set. */
export async function loadOrCreateFileSigner(options: FileKeyOptions): Promise<Signer> {
  const existing = await readIfExists(options.file);
  if (existing) return signerFromPem(existing, options.passphrase);
  if (!options.generate) {
    throw new KeyError('UNREADABLE_KEY', `key file ${options.file} does not exist`);
  }
  const key = generate(options.generate);
  const pem = key.export({
    type: 'pkcs8',
    format: 'pem',
    cipher: 'aes-256-cbc',
    passphrase: options.passphrase,
  });
  const created = await writeExclusive(options.file, pem);
  // Another process may have created it first: everyone then uses the file that won.
  return created ? new KeyObjectSigner(key, options.generate) : loadOrCreateFileSigner(options);
}

export function signerFromPem(pem: string | Buffer, passphrase?: string): Signer {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem', passphrase });
  } catch (err) {
    const text = String(pem);
    const encrypted = text.includes('ENCRYPTED');
    throw new KeyError(
      encrypted ? 'BAD_PASSPHRASE' : 'UNREADABLE_KEY',
      encrypted
        ? 'could not decrypt the key (wrong passphrase?)'
        : 'could not read the private key',
      { cause: err },
    );
  }
  return new KeyObjectSigner(key, algorithmOf(key));
}

function generate(algorithm: SigningAlgorithm): KeyObject {
  switch (algorithm) {
    case 'ecdsa-p256-sha256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    case 'ecdsa-p384-sha384':
      return generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    case 'ed25519':
      return generateKeyPairSync('ed25519').privateKey;
  }
}

async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Writes a file only if it does not exist, never exposing a half-written file: temp file + link(2). */
export async function writeExclusive(file: string, content: string | Buffer): Promise<boolean> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = join(dirname(file), `.${randomBytes(8).toString('hex')}.tmp`);
  await writeFile(tmp, content, { mode: 0o600, flag: 'wx' });
  try {
    await link(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await rm(tmp, { force: true });
  }
}

/**
 * The passphrase protecting generated keys: `SIGSTEAD_KEY_PASSPHRASE`, or (development stacks only) a random
 * one kept in `<keysDir>/.passphrase` with mode 0600. Returns where it came from so callers can warn.
 */
export async function resolvePassphrase(
  fromEnv: string | undefined,
  keysDir: string,
  allowGenerated: boolean,
): Promise<{ passphrase: string; generated: boolean }> {
  if (fromEnv) return { passphrase: fromEnv, generated: false };
  if (!allowGenerated) {
    throw new KeyError(
      'MISSING_PASSPHRASE',
      'SIGSTEAD_KEY_PASSPHRASE must be set to protect the keys',
    );
  }
  const file = join(keysDir, '.passphrase');
  await writeExclusive(file, randomBytes(32).toString('base64url'));
  return { passphrase: (await readFile(file, 'utf8')).trim(), generated: true };
}
