import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadOrCreateFileSigner } from '@sigstead/data-access-keys';
import { loadCaMaterial } from '@sigstead/feature-issuance';

/**
 * `sigstead keys init --dir DIR`: the offline key ceremony for a production install. Writes the CA
 * (root and intermediate keys as encrypted PEM, their certificates), the CT log key, the Rekor log
 * key and the TUF repository's online key. Keep root.key.pem offline; give the services the rest
 * (e.g. as a Kubernetes Secret).
 */
export async function keysCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'init') throw new Error('keys: the only subcommand is `init`');
  const { values } = parseArgs({
    args: rest,
    options: {
      dir: { type: 'string' },
      'key-type': { type: 'string', default: 'ecdsa-p256' },
      'common-name': { type: 'string', default: 'sigstead' },
      organization: { type: 'string', default: 'sigstead' },
    },
    strict: true,
  });
  if (!values.dir) throw new Error('keys init: give --dir');
  const keyType = values['key-type'];
  if (keyType !== 'ecdsa-p256' && keyType !== 'ecdsa-p384') {
    throw new Error('keys init: --key-type is ecdsa-p256 or ecdsa-p384');
  }
  const passphrase = process.env['SIGSTEAD_KEY_PASSPHRASE'];
  if (!passphrase)
    throw new Error('keys init: set SIGSTEAD_KEY_PASSPHRASE (it encrypts the private keys)');
  const dir = resolve(values.dir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await loadCaMaterial({
    keyType,
    subject: { commonName: values['common-name'], organization: values.organization },
    dir,
    passphrase,
  });
  // Both logs sign with ECDSA P-256: the only key type every client accepts for an SCT and a SET.
  for (const name of ['ctlog', 'rekor']) {
    await loadOrCreateFileSigner({
      file: join(dir, `${name}.key.pem`),
      passphrase,
      generate: 'ecdsa-p256-sha256',
    });
  }
  // The TUF repository's online key (snapshot and timestamp): Ed25519, which every TUF client verifies.
  await loadOrCreateFileSigner({
    file: join(dir, 'tuf-online.key.pem'),
    passphrase,
    generate: 'ed25519',
  });
  process.stdout.write(
    [
      `key material in ${dir} (existing files were kept):`,
      '  root.key.pem          CA root key: keep it offline',
      '  root.crt.pem          CA root certificate (fulcio.ca.rootCertFile, ctlog.rootsFile)',
      '  intermediate.crt.pem  issuing certificate (fulcio.ca.intermediateCertFile)',
      '  intermediate.key.pem  issuing key (fulcio.ca.intermediateKeyFile)',
      '  ctlog.key.pem         CT log key (ctlog.keyFile)',
      '  rekor.key.pem         transparency log key (rekor.keyFile)',
      '  tuf-online.key.pem    TUF snapshot/timestamp key (tuf.onlineKeyFile)',
      '',
    ].join('\n'),
  );
  return 0;
}
