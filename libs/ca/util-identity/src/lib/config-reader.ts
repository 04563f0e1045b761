// Reads fulcio's config object in either spelling (fulcio `pkg/config/config.go` struct tags):
// YAML kebab-case (`oidc-issuers`, `client-id`, …; exact keys) or JSON Go field names (`OIDCIssuers`,
// `ClientID`, …; matched case-insensitively, as Go's encoding/json does, so `CiProvider` works too).
import { configError } from './error.js';

export type Obj = Record<string, unknown>;
export type Style = 'yaml' | 'json';

/** A key as spelled in YAML and in JSON. */
export type KeySpec = readonly [yaml: string, json: string];

export const TOP_KEYS = {
  oidcIssuers: ['oidc-issuers', 'OIDCIssuers'],
  metaIssuers: ['meta-issuers', 'MetaIssuers'],
  ciIssuerMetadata: ['ci-issuer-metadata', 'CIIssuerMetadata'],
} as const satisfies Record<string, KeySpec>;

export const ISSUER_KEYS = {
  issuerUrl: ['issuer-url', 'IssuerURL'],
  clientId: ['client-id', 'ClientID'],
  type: ['type', 'Type'],
  ciProvider: ['ci-provider', 'CIProvider'],
  issuerClaim: ['issuer-claim', 'IssuerClaim'],
  subjectDomain: ['subject-domain', 'SubjectDomain'],
  spiffeTrustDomain: ['spiffe-trust-domain', 'SPIFFETrustDomain'],
  challengeClaim: ['challenge-claim', 'ChallengeClaim'],
  description: ['description', 'Description'],
  contact: ['contact', 'Contact'],
  environment: ['environment', 'Environment'],
  caCert: ['ca-cert', 'CACert'],
  skipEmailVerification: ['skip-email-verification', 'SkipEmailVerification'],
} as const satisfies Record<string, KeySpec>;

export const METADATA_KEYS = {
  defaultTemplateValues: ['default-template-values', 'DefaultTemplateValues'],
  extensionTemplates: ['extension-templates', 'ExtensionTemplates'],
  subjectAlternativeNameTemplate: [
    'subject-alternative-name-template',
    'SubjectAlternativeNameTemplate',
  ],
} as const satisfies Record<string, KeySpec>;

export function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `parent["key"]` for keys that are URLs or names, `parent.key` for field names. */
export function childPath(parent: string, key: string, field = false): string {
  if (field) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

/**
 * Which spelling the document uses, from its top-level keys. `define` (a YAML anchor holder, as in
 * upstream's config.yaml) is allowed and ignored.
 */
export function detectStyle(doc: Obj): Style {
  const keys = Object.keys(doc).filter((k) => k !== 'define');
  const yamlTop: readonly string[] = Object.values(TOP_KEYS).map((k) => k[0]);
  if (keys.length === 0 || keys.some((k) => yamlTop.includes(k))) return 'yaml';
  return 'json';
}

export class Reader {
  constructor(readonly style: Style) {}

  name(spec: KeySpec): string {
    return this.style === 'yaml' ? spec[0] : spec[1];
  }

  private matches(key: string, spec: KeySpec): boolean {
    return this.style === 'yaml' ? key === spec[0] : key.toLowerCase() === spec[1].toLowerCase();
  }

  /**
   * Rejects keys not in `specs` (plus `extra`). Unknown keys are an error rather than ignored, unlike
   * upstream's decoders: a typo such as `skip-email-verfication` must not silently weaken a check.
   */
  onlyKeys(obj: Obj, path: string, specs: readonly KeySpec[], extra: readonly string[] = []): void {
    for (const key of Object.keys(obj)) {
      if (extra.includes(key) || specs.some((s) => this.matches(key, s))) continue;
      const allowed = specs.map((s) => this.name(s)).join(', ');
      throw configError(childPath(path, key, true), `unknown key (expected one of: ${allowed})`);
    }
  }

  get(obj: Obj, spec: KeySpec): unknown {
    const key = Object.keys(obj).find((k) => this.matches(k, spec));
    return key === undefined ? undefined : obj[key];
  }

  mapping(obj: Obj, spec: KeySpec, path: string): Obj {
    const v = this.get(obj, spec);
    if (v === undefined || v === null) return {};
    if (!isObject(v))
      throw configError(childPath(path, this.name(spec), true), 'must be a mapping');
    return v;
  }

  string(obj: Obj, spec: KeySpec, path: string): string | undefined {
    const v = this.get(obj, spec);
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string')
      throw configError(childPath(path, this.name(spec), true), 'must be a string');
    return v;
  }

  bool(obj: Obj, spec: KeySpec, path: string): boolean {
    const v = this.get(obj, spec);
    if (v === undefined || v === null) return false;
    if (typeof v !== 'boolean')
      throw configError(childPath(path, this.name(spec), true), 'must be true or false');
    return v;
  }
}
