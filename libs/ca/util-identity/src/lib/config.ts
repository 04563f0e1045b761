// parseFulcioConfig: fulcio's issuer configuration (spec §2; fulcio `pkg/config/config.go` parseConfig +
// validateConfig + validateCIIssuerMetadata), normalized and frozen.
import { X509Certificate } from 'node:crypto';
import { certificatePemBlocks } from '@sigstead/util-encoding';
import { BUILTIN_CI_ISSUER_METADATA } from './ci-defaults.js';
import {
  ISSUER_KEYS,
  METADATA_KEYS,
  Reader,
  TOP_KEYS,
  childPath,
  detectStyle,
  isObject,
} from './config-reader.js';
import { IdentityError, configError } from './error.js';
import { parseJsonPath } from './jsonpath.js';
import { metaRegex } from './meta-regex.js';
import { CI_EXTENSIONS, IGNORED_EXTENSION_KEYS, type CiExtensionName } from './oids.js';
import { isValidTrustDomain } from './spiffe.js';
import { isTemplate, parseTemplate } from './template.js';
import {
  ISSUER_TYPES,
  LEGACY_CI_TYPES,
  type CiIssuerMetadata,
  type FulcioConfig,
  type IssuerConfig,
  type IssuerType,
  type MetaIssuerConfig,
} from './types.js';
import { disallowedDomain, isLoopbackHost, urlParts } from './url.js';

/**
 * Parses fulcio's config as already decoded from YAML (kebab-case keys) or JSON (Go field names) and
 * validates it the way fulcio does at load. Throws IdentityError('INVALID_CONFIG') naming the key.
 */
export function parseFulcioConfig(input: unknown): FulcioConfig {
  const doc = input === undefined || input === null ? {} : input;
  if (!isObject(doc)) throw configError('(root)', 'must be a mapping');
  const r = new Reader(detectStyle(doc));
  r.onlyKeys(doc, '', Object.values(TOP_KEYS), ['define']);

  const ciIssuerMetadata: Record<string, CiIssuerMetadata> = { ...BUILTIN_CI_ISSUER_METADATA };
  const metaPath = r.name(TOP_KEYS.ciIssuerMetadata);
  for (const [name, raw] of Object.entries(r.mapping(doc, TOP_KEYS.ciIssuerMetadata, ''))) {
    ciIssuerMetadata[name] = readMetadata(r, raw, childPath(metaPath, name));
  }

  const oidcPath = r.name(TOP_KEYS.oidcIssuers);
  const seen = new Set<string>();
  const oidcIssuers = Object.entries(r.mapping(doc, TOP_KEYS.oidcIssuers, '')).map(([key, raw]) => {
    const path = childPath(oidcPath, key);
    const issuer = readIssuer(r, raw, path, key, ciIssuerMetadata, false) as IssuerConfig;
    if (seen.has(issuer.issuerUrl))
      throw configError(path, `duplicate issuer URL ${issuer.issuerUrl}`);
    seen.add(issuer.issuerUrl);
    return issuer;
  });

  const metaIssuersPath = r.name(TOP_KEYS.metaIssuers);
  const metaIssuers = Object.entries(r.mapping(doc, TOP_KEYS.metaIssuers, '')).map(
    ([pattern, raw]) =>
      readIssuer(
        r,
        raw,
        childPath(metaIssuersPath, pattern),
        pattern,
        ciIssuerMetadata,
        true,
      ) as MetaIssuerConfig,
  );

  return deepFreeze({ oidcIssuers, metaIssuers, ciIssuerMetadata });
}

function readMetadata(r: Reader, raw: unknown, path: string): CiIssuerMetadata {
  if (!isObject(raw)) throw configError(path, 'must be a mapping');
  r.onlyKeys(raw, path, Object.values(METADATA_KEYS));

  const defaultTemplateValues: Record<string, string> = {};
  const defaultsPath = childPath(path, r.name(METADATA_KEYS.defaultTemplateValues), true);
  for (const [k, v] of Object.entries(r.mapping(raw, METADATA_KEYS.defaultTemplateValues, path))) {
    // YAML decodes `port: 443` as a number; upstream's map[string]string accepts the scalar.
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      defaultTemplateValues[k] = String(v);
    else throw configError(childPath(defaultsPath, k), 'must be a string');
  }

  const templatesPath = childPath(path, r.name(METADATA_KEYS.extensionTemplates), true);
  const templates = r.mapping(raw, METADATA_KEYS.extensionTemplates, path);
  const specs = [...CI_EXTENSIONS.map(([y, j]) => [y, j] as const), ...IGNORED_EXTENSION_KEYS];
  r.onlyKeys(templates, templatesPath, specs);
  const extensionTemplates: Partial<Record<CiExtensionName, string>> = {};
  for (const [yaml, json] of CI_EXTENSIONS) {
    const keyPath = childPath(templatesPath, r.name([yaml, json]), true);
    const t = r.string(templates, [yaml, json], templatesPath);
    if (t === undefined || t.trim() === '') continue;
    checkTemplate(t, keyPath);
    extensionTemplates[yaml] = t;
  }

  const sanPath = childPath(path, r.name(METADATA_KEYS.subjectAlternativeNameTemplate), true);
  const san = r.string(raw, METADATA_KEYS.subjectAlternativeNameTemplate, path);
  if (san === undefined || san.trim() === '') throw configError(sanPath, 'is required');
  checkTemplate(san, sanPath);
  return { defaultTemplateValues, extensionTemplates, subjectAlternativeNameTemplate: san };
}

function checkTemplate(t: string, path: string): void {
  if (!isTemplate(t)) return; // a bare claim name
  try {
    parseTemplate(t);
  } catch (e) {
    throw configError(path, e instanceof IdentityError ? e.message : 'invalid template', e);
  }
}

function readIssuer(
  r: Reader,
  raw: unknown,
  path: string,
  key: string,
  metadata: Readonly<Record<string, CiIssuerMetadata>>,
  meta: boolean,
): IssuerConfig | MetaIssuerConfig {
  if (!isObject(raw)) throw configError(path, 'must be a mapping');
  r.onlyKeys(raw, path, Object.values(ISSUER_KEYS));
  const at = (spec: readonly [string, string]) => childPath(path, r.name(spec), true);
  const str = (spec: readonly [string, string]) => r.string(raw, spec, path);

  const typeName = str(ISSUER_KEYS.type);
  if (typeName === undefined) throw configError(at(ISSUER_KEYS.type), 'is required');
  if (!(ISSUER_TYPES as readonly string[]).includes(typeName)) {
    throw configError(
      at(ISSUER_KEYS.type),
      `unknown issuer type "${typeName}" (expected one of: ${ISSUER_TYPES.join(', ')})`,
    );
  }
  const type = typeName as IssuerType;
  const clientId = str(ISSUER_KEYS.clientId);
  if (clientId === undefined) throw configError(at(ISSUER_KEYS.clientId), 'is required');

  // Meta issuers take their URL from the token; any issuer-url written under them is ignored (as upstream).
  const issuerUrl = meta ? key : str(ISSUER_KEYS.issuerUrl);
  if (issuerUrl === undefined) throw configError(at(ISSUER_KEYS.issuerUrl), 'is required');
  checkIssuerUrl(
    meta ? issuerUrl.replaceAll('*', 'x') : issuerUrl,
    meta ? path : at(ISSUER_KEYS.issuerUrl),
  );
  if (meta) metaRegex(issuerUrl);

  const out: Record<string, unknown> = meta ? { wildcardIssuerUrl: issuerUrl } : { issuerUrl };
  out['clientId'] = clientId;
  out['type'] = type;
  out['challengeClaim'] = str(ISSUER_KEYS.challengeClaim) ?? (type === 'email' ? 'email' : 'sub');
  out['skipEmailVerification'] = r.bool(raw, ISSUER_KEYS.skipEmailVerification, path);
  for (const k of [
    'description',
    'contact',
    'environment',
    'subjectDomain',
    'spiffeTrustDomain',
  ] as const) {
    const v = str(ISSUER_KEYS[k]);
    if (v !== undefined) out[k] = v;
  }

  const caCert = str(ISSUER_KEYS.caCert);
  if (caCert !== undefined) {
    checkCaCert(caCert, at(ISSUER_KEYS.caCert));
    out['caCert'] = caCert;
  }

  const issuerClaim = str(ISSUER_KEYS.issuerClaim);
  if (issuerClaim !== undefined) {
    if (type !== 'email')
      throw configError(
        at(ISSUER_KEYS.issuerClaim),
        'only email issuers can use issuer claim mapping',
      );
    try {
      parseJsonPath(issuerClaim);
    } catch (e) {
      throw configError(
        at(ISSUER_KEYS.issuerClaim),
        e instanceof Error ? e.message : 'invalid JSONPath',
        e,
      );
    }
    out['issuerClaim'] = issuerClaim;
  }

  if (type === 'spiffe') {
    if (meta) throw configError(path, 'SPIFFE meta issuers are not supported');
    const td = out['spiffeTrustDomain'] as string | undefined;
    if (td === undefined)
      throw configError(at(ISSUER_KEYS.spiffeTrustDomain), 'is required for spiffe issuers');
    if (!isValidTrustDomain(td))
      throw configError(at(ISSUER_KEYS.spiffeTrustDomain), 'is not a valid SPIFFE trust domain');
  }
  if (type === 'uri' || type === 'username') {
    checkSubjectDomain(
      type,
      out['subjectDomain'] as string | undefined,
      meta ? undefined : issuerUrl,
      at(ISSUER_KEYS.subjectDomain),
    );
  }

  const ciProvider =
    str(ISSUER_KEYS.ciProvider) ?? (LEGACY_CI_TYPES.includes(type) ? type : undefined);
  if (type === 'ci-provider' || LEGACY_CI_TYPES.includes(type)) {
    if (ciProvider === undefined)
      throw configError(at(ISSUER_KEYS.ciProvider), 'is required for ci-provider issuers');
    if (!Object.hasOwn(metadata, ciProvider)) {
      throw configError(
        at(ISSUER_KEYS.ciProvider),
        `references unknown ci-issuer-metadata "${ciProvider}"`,
      );
    }
    out['ciProvider'] = ciProvider;
    out['ciMetadata'] = metadata[ciProvider];
  } else if (ciProvider !== undefined) {
    throw configError(at(ISSUER_KEYS.ciProvider), 'is only valid for ci-provider issuers');
  }
  return out as unknown as IssuerConfig | MetaIssuerConfig;
}

/** https, or plain http to a loopback host only. */
function checkIssuerUrl(url: string, path: string): void {
  const { scheme, hostname } = urlParts(url);
  if (!URL.canParse(url) || hostname === '')
    throw configError(path, 'issuer URL must be an absolute http(s) URL');
  if (scheme === 'https') return;
  if (scheme === 'http' && isLoopbackHost(hostname)) return;
  throw configError(
    path,
    scheme === 'http'
      ? 'plain http issuer URLs are only allowed for loopback hosts'
      : 'issuer URL must use https',
  );
}

/** fulcio validateConfig for uri (`SubjectDomain` with scheme) and username (without scheme) issuers. */
function checkSubjectDomain(
  type: 'uri' | 'username',
  domain: string | undefined,
  issuerUrl: string | undefined,
  path: string,
): void {
  if (domain === undefined) throw configError(path, `is required for ${type} issuers`);
  const d = urlParts(domain);
  if (type === 'uri' && d.scheme === '')
    throw configError(path, 'must contain a scheme for uri issuers');
  if (type === 'username' && d.scheme !== '')
    throw configError(path, 'must not contain a scheme for username issuers');
  if (issuerUrl === undefined) return; // meta issuers: the concrete issuer host is not known yet
  const i = urlParts(issuerUrl);
  if (type === 'uri' && d.scheme !== i.scheme)
    throw configError(path, `scheme ${d.scheme} does not match issuer scheme ${i.scheme}`);
  const problem = disallowedDomain(type === 'uri' ? d.hostname : domain, i.hostname);
  if (problem) throw configError(path, problem);
}

function checkCaCert(pem: string, path: string): void {
  const blocks = certificatePemBlocks(pem);
  if (blocks.length === 0) throw configError(path, 'contains no PEM certificate');
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch (e) {
      throw configError(path, 'contains a certificate that cannot be parsed', e);
    }
  }
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const child of Object.values(v)) deepFreeze(child);
  }
  return v;
}
