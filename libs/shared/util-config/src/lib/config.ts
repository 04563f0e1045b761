import { parse as parseYaml } from 'yaml';
import { ConfigError } from './error.js';
import {
  bool,
  duration,
  int,
  isObject,
  oneOf,
  onlyKeys,
  port,
  section,
  str,
  url,
  type Obj,
} from './schema.js';

export type CaKeyType = 'ecdsa-p256' | 'ecdsa-p384';

export interface ServiceSection {
  readonly enabled: boolean;
  readonly port: number;
  /** The URL clients use; defaults to http://localhost:<port>. Goes into trust material. */
  readonly publicUrl: string;
  readonly maxBodyBytes: number;
}

export interface FulcioSection extends ServiceSection {
  /** Fulcio's own issuer configuration, verbatim (YAML kebab-case or JSON PascalCase); parsed by the CA. */
  readonly issuers: Obj;
  /** Where precertificates are logged: `<ct url>/ct/v1/add-pre-chain`. Unset: this deployment's ctlog. */
  readonly ctLogUrl?: string;
  /** PEM public key of that log; when set, every SCT it returns is verified (upstream --ct-log-public-key-path). */
  readonly ctLogPublicKeyFile?: string;
  /**
   * Worker threads that check token signatures, parse client keys and check proofs of possession
   * beside the event loop; 0 checks them on the event loop. Default: with PostgreSQL, undefined (one fewer than the CPUs,
   * between 1 and 4); on the embedded database, 0.
   */
  readonly validationThreads?: number;
  readonly ca: {
    readonly keyType: CaKeyType;
    readonly commonName: string;
    readonly organization: string;
    /** Operator-made CA material (PEM files); generated on first start when absent. */
    readonly rootCertFile?: string;
    readonly intermediateCertFile?: string;
    readonly intermediateKeyFile?: string;
  };
}

export interface CtlogSection extends ServiceSection {
  /** URL path prefix of the log: `/<prefix>/ct/v1/...`. */
  readonly prefix: string;
  /** PEM file of accepted roots; defaults to the Fulcio roots of this deployment. */
  readonly rootsFile?: string;
  readonly keyFile?: string;
}

export interface RekorSection extends ServiceSection {
  /** Tree ID in entry IDs and the checkpoint origin; default: derived from the log key. */
  readonly treeId?: bigint;
  /** Checkpoint origin host and signer name; default: the host of `publicUrl`. */
  readonly hostname: string;
  /** Log key (PEM PKCS#8, encrypted with SIGSTEAD_KEY_PASSPHRASE); generated when absent. */
  readonly keyFile?: string;
  /**
   * Worker threads that validate proposed entries (parse keys, check signatures) beside the event
   * loop; 0 validates on the event loop. Default: with PostgreSQL, undefined (one fewer than the
   * CPUs, between 1 and 4); on the embedded database, 0.
   */
  readonly validationThreads?: number;
  /** Most entries one batch commits (default 1024). */
  readonly maxBatchSize: number;
  /**
   * Most appends waiting for a batch; past it appends get 503 with `Retry-After` instead of
   * waiting in memory (default 16384).
   */
  readonly maxQueueSize: number;
}

/** Seconds until each role's metadata expires when (re-)signed. */
export interface TufExpiry {
  readonly root: number;
  readonly targets: number;
  readonly snapshot: number;
  readonly timestamp: number;
}

export interface TufSection extends ServiceSection {
  /**
   * `generated`: the server makes and holds 1-of-1 root and targets keys (the embedded default; fine
   * for a laptop, not for production). `offline`: root and targets are signed by key holders with
   * `sigstead tuf` ceremonies; the server holds only the online snapshot/timestamp key.
   */
  readonly keys: 'generated' | 'offline';
  /** Operator-made online key (Ed25519 or P-256 PKCS#8 PEM); generated when absent. */
  readonly onlineKeyFile?: string;
  /** `operator` of the services in signing_config.v0.2.json. */
  readonly operator: string;
  /** The identity provider clients sign in with (signing config `oidcUrls`); default: the dev issuer or the first configured issuer. */
  readonly oidcUrl?: string;
  readonly expiry: TufExpiry;
  /** The timestamp is re-signed once it is this old (seconds). */
  readonly timestampRefresh: number;
  /** How often the re-signing job runs (seconds). */
  readonly checkInterval: number;
  /** How long a replaced service key stays valid after its successor starts (seconds). */
  readonly rotationGrace: number;
}

export interface DevIssuerSection extends ServiceSection {
  readonly clientId: string;
}

export interface SigsteadConfig {
  readonly dataDir: string;
  /** Listen address of every service. */
  readonly host: string;
  /** Worker processes sharing the ports (needs PostgreSQL: the embedded database is one process). */
  readonly workers: number;
  readonly database: { readonly url?: string; readonly migrate: boolean };
  readonly redis: { readonly url?: string };
  readonly fulcio: FulcioSection;
  readonly ctlog: CtlogSection;
  readonly devIssuer: DevIssuerSection;
  readonly rekor: RekorSection;
  readonly tuf: TufSection;
  /** A section for a service that ships in a later release: accepted and validated, not started. */
  readonly tsa: ServiceSection;
}

const TOP_KEYS = [
  'dataDir',
  'host',
  'workers',
  'database',
  'fulcio',
  'ctlog',
  'devIssuer',
  'rekor',
  'tuf',
  'tsa',
];
const DEFAULT_BODY = 4 * 1024 * 1024;

/** Environment variables the configuration reads: URLs and switches, never secrets in the file. */
export interface ConfigEnv {
  readonly DATABASE_URL?: string;
  readonly REDIS_URL?: string;
  readonly SIGSTEAD_DATA_DIR?: string;
}

/** Parses the YAML (or JSON) configuration text. Unknown sections are errors; missing ones take defaults. */
export function parseConfigText(text: string, env: ConfigEnv = {}): SigsteadConfig {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new ConfigError('', `not valid YAML: ${(err as Error).message}`, { cause: err });
  }
  return buildConfig(doc ?? {}, env);
}

export function buildConfig(doc: unknown, env: ConfigEnv = {}): SigsteadConfig {
  if (!isObject(doc)) throw new ConfigError('', 'the file must be a mapping of sections');
  onlyKeys(doc, '', TOP_KEYS);
  const dataDir = str(doc, 'dataDir', '') ?? env.SIGSTEAD_DATA_DIR ?? '.sigstead';
  const host = str(doc, 'host', '', '127.0.0.1');
  const workers = int(doc, 'workers', '', 1, 1, 64);
  if (workers > 1 && !env.DATABASE_URL) {
    throw new ConfigError('workers', 'more than one worker needs PostgreSQL (DATABASE_URL)');
  }
  const database = section(doc['database'], 'database');
  onlyKeys(database, 'database', ['migrate']);
  const ctlog = ctlogSection(section(doc['ctlog'], 'ctlog'));
  return {
    dataDir,
    host,
    workers,
    database: {
      url: env.DATABASE_URL || undefined,
      migrate: bool(database, 'migrate', 'database', true),
    },
    redis: { url: env.REDIS_URL || undefined },
    fulcio: fulcioSection(section(doc['fulcio'], 'fulcio'), Boolean(env.DATABASE_URL)),
    ctlog,
    devIssuer: devIssuerSection(section(doc['devIssuer'], 'devIssuer')),
    rekor: rekorSection(section(doc['rekor'], 'rekor'), Boolean(env.DATABASE_URL)),
    tuf: tufSection(section(doc['tuf'], 'tuf'), Boolean(env.DATABASE_URL)),
    tsa: reserved(section(doc['tsa'], 'tsa'), 'tsa', 3030),
  };
}

function service(s: Obj, path: string, defaultPort: number, enabled: boolean): ServiceSection {
  const p = port(s, 'port', path, defaultPort);
  return {
    enabled: bool(s, 'enabled', path, enabled),
    port: p,
    publicUrl: url(s, 'publicUrl', path) ?? `http://localhost:${p}`,
    maxBodyBytes: int(s, 'maxBodyBytes', path, DEFAULT_BODY, 1024, 1 << 30),
  };
}

const SERVICE_KEYS = ['enabled', 'port', 'publicUrl', 'maxBodyBytes'];

function fulcioSection(s: Obj, production: boolean): FulcioSection {
  onlyKeys(s, 'fulcio', [
    ...SERVICE_KEYS,
    'config',
    'ctLogUrl',
    'ctLogPublicKeyFile',
    'ca',
    'validationThreads',
  ]);
  const base = service(s, 'fulcio', 5555, true);
  const issuers = section(s['config'], 'fulcio.config');
  const ca = section(s['ca'], 'fulcio.ca');
  onlyKeys(ca, 'fulcio.ca', [
    'keyType',
    'commonName',
    'organization',
    'rootCertFile',
    'intermediateCertFile',
    'intermediateKeyFile',
  ]);
  const material = {
    rootCertFile: str(ca, 'rootCertFile', 'fulcio.ca'),
    intermediateCertFile: str(ca, 'intermediateCertFile', 'fulcio.ca'),
    intermediateKeyFile: str(ca, 'intermediateKeyFile', 'fulcio.ca'),
  };
  const given = Object.values(material).filter(Boolean).length;
  if (given !== 0 && given !== 3) {
    throw new ConfigError(
      'fulcio.ca',
      'rootCertFile, intermediateCertFile and intermediateKeyFile go together (or none, to generate)',
    );
  }
  return {
    ...base,
    issuers,
    ctLogUrl: url(s, 'ctLogUrl', 'fulcio'),
    ctLogPublicKeyFile: str(s, 'ctLogPublicKeyFile', 'fulcio'),
    validationThreads: threads(s, 'fulcio', production),
    ca: {
      keyType: oneOf(ca, 'keyType', 'fulcio.ca', ['ecdsa-p256', 'ecdsa-p384'], 'ecdsa-p256'),
      commonName: str(ca, 'commonName', 'fulcio.ca', 'sigstead'),
      organization: str(ca, 'organization', 'fulcio.ca', 'sigstead'),
      ...material,
    },
  };
}

/**
 * `validationThreads`. Absent: with PostgreSQL the service picks from the CPU count (undefined); on
 * the embedded database none (each thread holds ~30 MB, and a laptop's quick start is not where
 * throughput matters).
 */
function threads(s: Obj, path: string, production: boolean): number | undefined {
  if (s['validationThreads'] === undefined) return production ? undefined : 0;
  return int(s, 'validationThreads', path, 0, 0, 64);
}

function ctlogSection(s: Obj): CtlogSection {
  onlyKeys(s, 'ctlog', [...SERVICE_KEYS, 'prefix', 'rootsFile', 'keyFile']);
  const prefix = str(s, 'prefix', 'ctlog', 'sigstead');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(prefix)) {
    throw new ConfigError(
      'ctlog.prefix',
      'must be one path segment of letters, digits, ".", "_" or "-"',
    );
  }
  return {
    ...service(s, 'ctlog', 6962, true),
    prefix,
    rootsFile: str(s, 'rootsFile', 'ctlog'),
    keyFile: str(s, 'keyFile', 'ctlog'),
  };
}

function rekorSection(s: Obj, production: boolean): RekorSection {
  onlyKeys(s, 'rekor', [
    ...SERVICE_KEYS,
    'treeId',
    'hostname',
    'keyFile',
    'validationThreads',
    'maxBatchSize',
    'maxQueueSize',
  ]);
  const base = service(s, 'rekor', 3000, true);
  const rawTreeId = s['treeId'];
  let treeId: bigint | undefined;
  if (rawTreeId !== undefined) {
    const text =
      typeof rawTreeId === 'number' || typeof rawTreeId === 'string' ? String(rawTreeId) : '';
    if (!/^[1-9][0-9]{0,18}$/.test(text) || BigInt(text) > 0x7fffffffffffffffn) {
      throw new ConfigError('rekor.treeId', 'must be a positive 64-bit integer (as a string)');
    }
    treeId = BigInt(text);
  }
  const hostname = str(s, 'hostname', 'rekor') ?? new URL(base.publicUrl).hostname;
  if (!/^[A-Za-z0-9.-]+$/.test(hostname)) {
    throw new ConfigError(
      'rekor.hostname',
      'must be a host name (no scheme, port, path or spaces)',
    );
  }
  const maxBatchSize = int(s, 'maxBatchSize', 'rekor', 1024, 1, 65536);
  // The queue holds the next batch: a default below a larger batch size follows it.
  const maxQueueSize = int(s, 'maxQueueSize', 'rekor', Math.max(16384, maxBatchSize), 1, 1 << 20);
  if (maxQueueSize < maxBatchSize) {
    throw new ConfigError(
      'rekor.maxQueueSize',
      `must be at least rekor.maxBatchSize (${maxBatchSize}): a batch is taken from the queue`,
    );
  }
  return {
    ...base,
    treeId,
    hostname,
    keyFile: str(s, 'keyFile', 'rekor'),
    validationThreads: threads(s, 'rekor', production),
    maxBatchSize,
    maxQueueSize,
  };
}

const DAY = 86400;

function tufSection(s: Obj, production: boolean): TufSection {
  onlyKeys(s, 'tuf', [
    ...SERVICE_KEYS,
    'keys',
    'onlineKeyFile',
    'operator',
    'oidcUrl',
    'expiry',
    'timestampRefresh',
    'checkInterval',
    'rotationGrace',
  ]);
  const expiry = section(s['expiry'], 'tuf.expiry');
  onlyKeys(expiry, 'tuf.expiry', ['root', 'targets', 'snapshot', 'timestamp']);
  const timestamp = duration(expiry, 'timestamp', 'tuf.expiry', 7 * DAY, 2);
  const timestampRefresh = duration(
    s,
    'timestampRefresh',
    'tuf',
    Math.min(DAY, Math.floor(timestamp / 2)),
  );
  if (timestampRefresh >= timestamp) {
    throw new ConfigError('tuf.timestampRefresh', 'must be shorter than tuf.expiry.timestamp');
  }
  return {
    ...service(s, 'tuf', 8080, true),
    keys: oneOf(s, 'keys', 'tuf', ['generated', 'offline'], production ? 'offline' : 'generated'),
    onlineKeyFile: str(s, 'onlineKeyFile', 'tuf'),
    operator: str(s, 'operator', 'tuf', 'sigstead'),
    oidcUrl: url(s, 'oidcUrl', 'tuf'),
    expiry: {
      root: duration(expiry, 'root', 'tuf.expiry', 365 * DAY, 60),
      targets: duration(expiry, 'targets', 'tuf.expiry', 365 * DAY, 60),
      snapshot: duration(expiry, 'snapshot', 'tuf.expiry', 30 * DAY, 2),
      timestamp,
    },
    timestampRefresh,
    checkInterval: duration(s, 'checkInterval', 'tuf', 60, 1, DAY),
    rotationGrace: duration(s, 'rotationGrace', 'tuf', 3600, 0),
  };
}

function devIssuerSection(s: Obj): DevIssuerSection {
  onlyKeys(s, 'devIssuer', [...SERVICE_KEYS, 'clientId']);
  return {
    ...service(s, 'devIssuer', 5556, false),
    clientId: str(s, 'clientId', 'devIssuer', 'sigstore'),
  };
}

function reserved(s: Obj, path: string, defaultPort: number): ServiceSection {
  onlyKeys(s, path, SERVICE_KEYS);
  return service(s, path, defaultPort, false);
}
