// Fulcio certificate extension OIDs, arc 1.3.6.1.4.1.57264.1 (fulcio `pkg/certificate/extensions.go`,
// `docs/oid-info.md`). 1.1–1.6 carry the raw string bytes (deprecated encoding); 1.8 onwards a DER UTF8String.

const ARC = '1.3.6.1.4.1.57264.1';

export const FULCIO_OIDS = Object.freeze({
  issuer: `${ARC}.1`,
  githubWorkflowTrigger: `${ARC}.2`,
  githubWorkflowSha: `${ARC}.3`,
  githubWorkflowName: `${ARC}.4`,
  githubWorkflowRepository: `${ARC}.5`,
  githubWorkflowRef: `${ARC}.6`,
  otherNameSan: `${ARC}.7`,
  issuerV2: `${ARC}.8`,
  buildSignerUri: `${ARC}.9`,
  buildSignerDigest: `${ARC}.10`,
  runnerEnvironment: `${ARC}.11`,
  sourceRepositoryUri: `${ARC}.12`,
  sourceRepositoryDigest: `${ARC}.13`,
  sourceRepositoryRef: `${ARC}.14`,
  sourceRepositoryIdentifier: `${ARC}.15`,
  sourceRepositoryOwnerUri: `${ARC}.16`,
  sourceRepositoryOwnerIdentifier: `${ARC}.17`,
  buildConfigUri: `${ARC}.18`,
  buildConfigDigest: `${ARC}.19`,
  buildTrigger: `${ARC}.20`,
  runInvocationUri: `${ARC}.21`,
  sourceRepositoryVisibilityAtSigning: `${ARC}.22`,
  deploymentEnvironment: `${ARC}.23`,
  tokenSubject: `${ARC}.24`,
});

/** How an extension value is encoded in the certificate. */
export type ExtensionEncoding = 'raw' | 'utf8';

/** One Fulcio extension value: `raw` = the UTF-8 bytes themselves, `utf8` = DER UTF8String (tag 0x0C). */
export interface FulcioExtension {
  readonly oid: string;
  readonly value: string;
  readonly encoding: ExtensionEncoding;
}

/**
 * The templatable CI extensions: YAML key (kebab-case), JSON key (Go field name), OID, encoding.
 * Order = fulcio `Extensions.Render` order. `issuer` and `subject` are accepted in config but
 * ignored: upstream always takes them from the token.
 */
export const CI_EXTENSIONS = [
  ['github-workflow-trigger', 'GithubWorkflowTrigger', FULCIO_OIDS.githubWorkflowTrigger, 'raw'],
  ['github-workflow-sha', 'GithubWorkflowSHA', FULCIO_OIDS.githubWorkflowSha, 'raw'],
  ['github-workflow-name', 'GithubWorkflowName', FULCIO_OIDS.githubWorkflowName, 'raw'],
  [
    'github-workflow-repository',
    'GithubWorkflowRepository',
    FULCIO_OIDS.githubWorkflowRepository,
    'raw',
  ],
  ['github-workflow-ref', 'GithubWorkflowRef', FULCIO_OIDS.githubWorkflowRef, 'raw'],
  ['build-signer-uri', 'BuildSignerURI', FULCIO_OIDS.buildSignerUri, 'utf8'],
  ['build-signer-digest', 'BuildSignerDigest', FULCIO_OIDS.buildSignerDigest, 'utf8'],
  ['runner-environment', 'RunnerEnvironment', FULCIO_OIDS.runnerEnvironment, 'utf8'],
  ['source-repository-uri', 'SourceRepositoryURI', FULCIO_OIDS.sourceRepositoryUri, 'utf8'],
  [
    'source-repository-digest',
    'SourceRepositoryDigest',
    FULCIO_OIDS.sourceRepositoryDigest,
    'utf8',
  ],
  ['source-repository-ref', 'SourceRepositoryRef', FULCIO_OIDS.sourceRepositoryRef, 'utf8'],
  [
    'source-repository-identifier',
    'SourceRepositoryIdentifier',
    FULCIO_OIDS.sourceRepositoryIdentifier,
    'utf8',
  ],
  [
    'source-repository-owner-uri',
    'SourceRepositoryOwnerURI',
    FULCIO_OIDS.sourceRepositoryOwnerUri,
    'utf8',
  ],
  [
    'source-repository-owner-identifier',
    'SourceRepositoryOwnerIdentifier',
    FULCIO_OIDS.sourceRepositoryOwnerIdentifier,
    'utf8',
  ],
  ['build-config-uri', 'BuildConfigURI', FULCIO_OIDS.buildConfigUri, 'utf8'],
  ['build-config-digest', 'BuildConfigDigest', FULCIO_OIDS.buildConfigDigest, 'utf8'],
  ['build-trigger', 'BuildTrigger', FULCIO_OIDS.buildTrigger, 'utf8'],
  ['run-invocation-uri', 'RunInvocationURI', FULCIO_OIDS.runInvocationUri, 'utf8'],
  [
    'source-repository-visibility-at-signing',
    'SourceRepositoryVisibilityAtSigning',
    FULCIO_OIDS.sourceRepositoryVisibilityAtSigning,
    'utf8',
  ],
  ['deployment-environment', 'DeploymentEnvironment', FULCIO_OIDS.deploymentEnvironment, 'utf8'],
] as const satisfies readonly (readonly [string, string, string, ExtensionEncoding])[];

/** Kebab-case name of a templatable CI extension, e.g. `build-signer-uri`. */
export type CiExtensionName = (typeof CI_EXTENSIONS)[number][0];

/** Extension keys accepted in config but ignored (always taken from the token). */
export const IGNORED_EXTENSION_KEYS = [
  ['issuer', 'Issuer'],
  ['subject', 'Subject'],
] as const;

/** Ordering key: the last arc of a Fulcio OID. */
export function lastArc(oid: string): number {
  return Number(oid.slice(oid.lastIndexOf('.') + 1));
}
