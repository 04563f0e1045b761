import { X509Certificate } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadOrCreateFileSigner, signerFromPem } from '@sigstead/data-access-keys';
import { ceremonyRoleOf, TufCeremony } from '@sigstead/feature-tuf';
import { parseDuration } from '@sigstead/util-config';
import { certificatePemBlocks } from '@sigstead/util-encoding';
import {
  addDetachedSignature,
  addSignatures,
  canonicalBytes,
  draftRoot,
  fingerprintOf,
  keyIdOf,
  parseEnvelope,
  ROLES,
  thresholdProgress,
  tufKeyOf,
  tufTime,
  type Envelope,
  type RoleChange,
  type RootSigned,
  type ThresholdProgress,
  type TufKey,
} from '@sigstead/util-tuf';
import {
  describeProgress,
  describeReport,
  describeRoot,
  loadConfig,
  out,
  positiveInt,
  publicKeyFromPem,
  readTufKey,
  requirePassphrase,
  single,
  withCeremony,
  withStore,
  writeEnvelope,
} from './tuf-support.js';
import { verify } from './tuf-verify.js';

export const TUF_USAGE = `  tuf keygen --out FILE [--type ed25519|ecdsa-p256]
        Creates a root or targets key for one key holder: FILE (encrypted with SIGSTEAD_KEY_PASSPHRASE)
        and FILE.pub (the public key to hand to the ceremony).
  tuf root draft --out FILE [--from ROOT] [--root-key K]... [--root-threshold N] [--targets-key K]...
        [--targets-threshold N] [--online-key K]... [--remove-key K]... [--expires 365d]
        The unsigned next root: v1 from the given keys, else the published (or --from) root plus changes.
        K is a public key file (PEM or TUF JSON), a private key file, or (to remove) a key ID.
  tuf targets draft --out FILE [--expires 365d]
        The unsigned next targets version, listing the trust material the services registered.
  tuf sign FILE --key KEYFILE | --public-key K --signature SIGFILE   [--root CURRENT_ROOT]
        Adds one key holder's signature (a private key file, or a signature made elsewhere over the
        bytes \`tuf payload\` prints) and shows which thresholds are met (those of the published root
        too, given --root).
  tuf payload FILE
        Prints the canonical bytes a signature covers (for an HSM or a YubiKey).
  tuf publish FILE... [--dry-run]
        Checks signed root and targets versions as clients will (versions, old and new thresholds,
        expiry, targets matching the trust material) and stores them, all or none; the servers then
        re-sign snapshot and timestamp within tuf.checkInterval. A root that changes the targets keys
        goes with a targets version the new keys signed: \`tuf publish 3.root.json targets.json\`.
  tuf material add --kind tlog|ctlog|ca --url URL --file PEM [--from TIME]
        Registers a service's next key (or CA chain) ahead of the switch, valid from TIME (default
        now); the current one stays valid until TIME + tuf.rotationGrace. Then run a targets
        ceremony, wait for clients to refresh, and restart the service on the new key.
  tuf material list
        The registered trust material with its validity windows.
  tuf status
        Each role's version and expiry, and whether targets wait for a ceremony.
  tuf verify --mirror URL --root ROOT [--dir DIR]
        Follows the mirror from a trusted root exactly as tuf-js does and downloads every target.

  Commands that read the repository use the server's configuration (--config FILE, SIGSTEAD_CONFIG,
  DATABASE_URL); on the embedded database the server must be stopped.
`;

const DATABASE_OPTIONS = { config: { type: 'string', short: 'c' } } as const;

/** `sigstead tuf …`: the offline ceremonies of the TUF repository (issue #4). */
export async function tufCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'keygen':
      return keygen(rest);
    case 'root':
    case 'targets': {
      const [verb, ...more] = rest;
      if (verb !== 'draft') throw new Error(`tuf ${sub}: the subcommand is \`draft\``);
      return sub === 'root' ? draftRootCommand(more) : draftTargetsCommand(more);
    }
    case 'sign':
      return sign(rest);
    case 'payload':
      return payload(rest);
    case 'publish':
      return publish(rest);
    case 'status':
      return status(rest);
    case 'material':
      return material(rest);
    case 'verify':
      return verify(rest);
    default:
      throw new Error(`tuf: unknown subcommand ${sub ?? '(none)'}; see \`sigstead help\``);
  }
}

async function keygen(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { out: { type: 'string' }, type: { type: 'string', default: 'ed25519' } },
    strict: true,
  });
  if (!values.out) throw new Error('tuf keygen: give --out FILE');
  if (values.type !== 'ed25519' && values.type !== 'ecdsa-p256') {
    throw new Error(
      'tuf keygen: --type is ed25519 or ecdsa-p256 (the key types every client verifies)',
    );
  }
  const passphrase = requirePassphrase('tuf keygen');
  const file = resolve(values.out);
  const signer = await loadOrCreateFileSigner({
    file,
    passphrase,
    generate: values.type === 'ed25519' ? 'ed25519' : 'ecdsa-p256-sha256',
  });
  const key = tufKeyOf(signer.publicKey);
  await writeFile(`${file}.pub`, signer.publicKey.export({ type: 'spki', format: 'pem' }));
  out(`key ${keyIdOf(key)}`, `  private: ${file} (kept if it existed)`, `  public:  ${file}.pub`);
  return 0;
}

async function draftRootCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...DATABASE_OPTIONS,
      out: { type: 'string' },
      from: { type: 'string' },
      'root-key': { type: 'string', multiple: true },
      'root-threshold': { type: 'string' },
      'targets-key': { type: 'string', multiple: true },
      'targets-threshold': { type: 'string' },
      'online-key': { type: 'string', multiple: true },
      'remove-key': { type: 'string', multiple: true },
      expires: { type: 'string' },
    },
    strict: true,
  });
  if (!values.out) throw new Error('tuf root draft: give --out FILE');
  const config = await loadConfig(values.config);
  const previous = values.from
    ? parseEnvelope('root', await readFile(values.from)).signed
    : await withCeremony(config, (c) => c.currentRoot());
  const keys = async (list: string[] | undefined) =>
    Promise.all((list ?? []).map((k) => readTufKey(k)));
  const removed = await Promise.all(
    (values['remove-key'] ?? []).map(async (k) =>
      /^[0-9a-f]{64}$/.test(k) ? k : keyIdOf(await readTufKey(k)),
    ),
  );
  const online = await keys(values['online-key']);
  const change = (add: TufKey[], threshold: string | undefined, name: string): RoleChange => ({
    add,
    remove: removed,
    threshold: threshold === undefined ? undefined : positiveInt(threshold, name),
  });
  const expires = new Date(
    Date.now() +
      (values.expires ? parseDuration(values.expires, 'expires', 60) : config.tuf.expiry.root) *
        1000,
  );
  const signed = draftRoot(previous, {
    expires,
    changes: {
      root: change(await keys(values['root-key']), values['root-threshold'], '--root-threshold'),
      targets: change(
        await keys(values['targets-key']),
        values['targets-threshold'],
        '--targets-threshold',
      ),
      snapshot: change(online, undefined, ''),
      timestamp: change(online, undefined, ''),
    },
  });
  await writeEnvelope(values.out, { signed, signatures: [] });
  out(
    `root v${signed.version} drafted in ${values.out} (expires ${signed.expires})`,
    ...describeRoot(signed),
    previous
      ? `sign it with ${previous.roles.root.threshold} of the root keys of v${previous.version} and ${signed.roles.root.threshold} of its own`
      : `sign it with ${signed.roles.root.threshold} of its root keys`,
  );
  return 0;
}

async function draftTargetsCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...DATABASE_OPTIONS, out: { type: 'string' }, expires: { type: 'string' } },
    strict: true,
  });
  if (!values.out) throw new Error('tuf targets draft: give --out FILE');
  const config = await loadConfig(values.config);
  const seconds = values.expires
    ? parseDuration(values.expires, 'expires', 60)
    : config.tuf.expiry.targets;
  const draft = await withCeremony(config, (c) =>
    c.draftTargets(new Date(Date.now() + seconds * 1000)),
  );
  await writeEnvelope(values.out, { signed: draft.signed, signatures: [] });
  out(
    `targets v${draft.signed.version} drafted in ${values.out} (expires ${draft.signed.expires})`,
    ...Object.keys(draft.signed.targets).map((name) => `  ${name}`),
    draft.changed
      ? 'the trust material changed since the published targets'
      : 'the same targets as published (a renewal)',
  );
  return 0;
}

async function sign(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      key: { type: 'string' },
      'public-key': { type: 'string' },
      signature: { type: 'string' },
      root: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const file = single(positionals, 'tuf sign');
  const bytes = await readFile(file);
  const role = ceremonyRoleOf(bytes);
  let envelope: Envelope<unknown> = parseEnvelope(role, bytes);
  let keyid: string;
  if (values.key) {
    const signer = signerFromPem(
      await readFile(values.key),
      process.env['SIGSTEAD_KEY_PASSPHRASE'],
    );
    keyid = keyIdOf(tufKeyOf(signer.publicKey));
    envelope = await addSignatures(envelope, [signer]);
  } else if (values['public-key'] && values.signature) {
    const key = await readTufKey(values['public-key']);
    keyid = keyIdOf(key);
    envelope = addDetachedSignature(envelope, key, await readFile(values.signature));
  } else {
    throw new Error('tuf sign: give --key KEYFILE, or --public-key K and --signature SIGFILE');
  }
  await writeEnvelope(file, envelope);
  const progress: ThresholdProgress[] = [];
  const previous = values.root
    ? parseEnvelope('root', await readFile(values.root)).signed
    : undefined;
  if (role === 'root') {
    if (previous) progress.push(thresholdProgress(previous, 'root', envelope));
    progress.push(thresholdProgress(envelope.signed as RootSigned, 'root', envelope));
  } else if (previous) {
    progress.push(thresholdProgress(previous, 'targets', envelope));
  }
  const counted = progress.some((p) => p.signed.includes(keyid));
  out(
    `signed ${file} with key ${keyid}`,
    ...progress.map(describeProgress),
    ...(progress.length > 0 && !counted
      ? [`warning: key ${keyid.slice(0, 16)}… is not one of the keys counted above`]
      : []),
  );
  return 0;
}

async function payload(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
  const bytes = await readFile(single(positionals, 'tuf payload'));
  process.stdout.write(canonicalBytes(parseEnvelope(ceremonyRoleOf(bytes), bytes).signed));
  return 0;
}

async function publish(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...DATABASE_OPTIONS, 'dry-run': { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0) throw new Error('tuf publish: give the signed metadata file(s)');
  const files = await Promise.all(positionals.map((f) => readFile(f)));
  const config = await loadConfig(values.config);
  const dryRun = values['dry-run'];
  const reports = await withCeremony(config, (c) => c.publish(files, { dryRun }));
  const failed = reports.some((r) => r.problem);
  out(
    ...reports.flatMap((r) => describeReport(r, dryRun)),
    failed
      ? 'nothing was published'
      : dryRun
        ? 'nothing was published (--dry-run)'
        : 'the servers re-sign snapshot and timestamp within tuf.checkInterval',
  );
  return failed ? 1 : 0;
}

async function status(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: DATABASE_OPTIONS, strict: true });
  const config = await loadConfig(values.config);
  const lines = await withStore(config, async (store) => {
    const heads = await store.heads();
    const ceremony = new TufCeremony(store, { operator: config.tuf.operator });
    const root = await ceremony.currentRoot();
    const pending = root
      ? (await ceremony.draftTargets(new Date(Date.now() + 86_400_000))).changed
      : false;
    const now = Date.now();
    return [
      ...ROLES.map((role) => {
        const head = heads.get(role);
        if (!head) return `${role.padEnd(10)} none`;
        const days = ((head.expires.getTime() - now) / 86_400_000).toFixed(1);
        return `${role.padEnd(10)} v${head.version}  expires ${head.expires.toISOString()} (${days} days)`;
      }),
      ...(root ? describeRoot(root) : ['no root yet: run `sigstead tuf root draft`']),
      pending
        ? 'targets wait for a ceremony: the trust material changed (sigstead tuf targets draft)'
        : '',
    ].filter(Boolean);
  });
  out(...lines);
  return 0;
}

async function material(args: string[]): Promise<number> {
  const [verb, ...rest] = args;
  if (verb === 'list') {
    const { values } = parseArgs({ args: rest, options: DATABASE_OPTIONS, strict: true });
    const config = await loadConfig(values.config);
    const entries = await withStore(config, (store) => store.material());
    out(
      ...entries.map(
        (m) =>
          `${m.kind.padEnd(6)} ${m.url}  ${fingerprintOf(m).slice(0, 12)}  from ${tufTime(m.validFrom)}` +
          (m.validTo ? ` to ${tufTime(m.validTo)}` : ''),
      ),
    );
    return 0;
  }
  if (verb !== 'add') throw new Error('tuf material: the subcommands are `add` and `list`');
  const { values } = parseArgs({
    args: rest,
    options: {
      ...DATABASE_OPTIONS,
      kind: { type: 'string' },
      url: { type: 'string' },
      file: { type: 'string' },
      from: { type: 'string' },
    },
    strict: true,
  });
  const kind = values.kind;
  if (kind !== 'tlog' && kind !== 'ctlog' && kind !== 'ca') {
    throw new Error('tuf material add: --kind is tlog, ctlog or ca');
  }
  if (!values.url || !values.file) throw new Error('tuf material add: give --url and --file');
  const text = await readFile(values.file, 'utf8');
  let der: Buffer[];
  let earliest = 0;
  if (kind === 'ca') {
    const certs = certificatePemBlocks(text).map((pem) => new X509Certificate(pem));
    if (certs.length === 0)
      throw new Error(`${values.file}: no certificates (intermediate first, root last)`);
    der = certs.map((c) => c.raw);
    // A CA cannot have issued anything before its chain's latest notBefore.
    earliest = Math.max(...certs.map((c) => Date.parse(c.validFrom)));
  } else {
    der = [publicKeyFromPem(text).export({ type: 'spki', format: 'der' })];
  }
  const from = values.from ? new Date(values.from) : new Date(Math.max(Date.now(), earliest));
  if (Number.isNaN(from.getTime()))
    throw new Error('--from must be a time such as 2026-12-01T00:00:00Z');
  const config = await loadConfig(values.config);
  const entry = { kind, url: values.url.replace(/\/+$/, ''), der, validFrom: from } as const;
  const changed = await withStore(config, (store) =>
    store.register(entry, config.tuf.rotationGrace * 1000),
  );
  out(
    changed
      ? `registered ${kind} ${entry.url} from ${tufTime(from)}; the entry it replaces stays valid until ` +
          `${tufTime(new Date(from.getTime() + config.tuf.rotationGrace * 1000))}`
      : `${kind} ${entry.url}: this material is registered already`,
    'next: sigstead tuf targets draft, sign, publish; then switch the service to the new key',
  );
  return 0;
}
