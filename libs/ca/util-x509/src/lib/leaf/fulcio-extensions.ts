// Fulcio certificate extensions, arc 1.3.6.1.4.1.57264.1 (sigstore/fulcio
// docs/oid-info.md, pkg/certificate/extensions.go). .1–.6 hold the raw string bytes (a historical
// mistake kept for cosign, which reads .1); .8 onwards hold a DER UTF8String. .7 is not an
// extension: it is the otherName type-id of username SANs.
import { extension, oid, tlv, TAG } from '../der/writer.js';
import { X509Error } from '../error.js';

export const FULCIO_OID_ARC = '1.3.6.1.4.1.57264.1';

export const FULCIO_OID = {
  issuer: `${FULCIO_OID_ARC}.1`,
  githubWorkflowTrigger: `${FULCIO_OID_ARC}.2`,
  githubWorkflowSha: `${FULCIO_OID_ARC}.3`,
  githubWorkflowName: `${FULCIO_OID_ARC}.4`,
  githubWorkflowRepository: `${FULCIO_OID_ARC}.5`,
  githubWorkflowRef: `${FULCIO_OID_ARC}.6`,
  otherName: `${FULCIO_OID_ARC}.7`,
  issuerV2: `${FULCIO_OID_ARC}.8`,
  buildSignerUri: `${FULCIO_OID_ARC}.9`,
  buildSignerDigest: `${FULCIO_OID_ARC}.10`,
  runnerEnvironment: `${FULCIO_OID_ARC}.11`,
  sourceRepositoryUri: `${FULCIO_OID_ARC}.12`,
  sourceRepositoryDigest: `${FULCIO_OID_ARC}.13`,
  sourceRepositoryRef: `${FULCIO_OID_ARC}.14`,
  sourceRepositoryIdentifier: `${FULCIO_OID_ARC}.15`,
  sourceRepositoryOwnerUri: `${FULCIO_OID_ARC}.16`,
  sourceRepositoryOwnerIdentifier: `${FULCIO_OID_ARC}.17`,
  buildConfigUri: `${FULCIO_OID_ARC}.18`,
  buildConfigDigest: `${FULCIO_OID_ARC}.19`,
  buildTrigger: `${FULCIO_OID_ARC}.20`,
  runInvocationUri: `${FULCIO_OID_ARC}.21`,
  sourceRepositoryVisibilityAtSigning: `${FULCIO_OID_ARC}.22`,
  deploymentEnvironment: `${FULCIO_OID_ARC}.23`,
  subject: `${FULCIO_OID_ARC}.24`,
} as const;

/** One Fulcio extension: an OID under FULCIO_OID_ARC and its string value. */
export interface FulcioExtension {
  readonly oid: string;
  readonly value: string;
}

/** Both issuer extensions, .1 (raw, read by cosign) and .8 (UTF8String), as Fulcio always emits. */
export function fulcioIssuerExtensions(issuer: string): FulcioExtension[] {
  if (issuer === '')
    throw new X509Error('INVALID_PROFILE', 'the issuer extension value must not be empty');
  return [
    { oid: FULCIO_OID.issuer, value: issuer },
    { oid: FULCIO_OID.issuerV2, value: issuer },
  ];
}

/** The extnValue bytes for a Fulcio OID: raw UTF-8 for .1–.6, DER UTF8String for .8 and above. */
export function encodeFulcioExtensionValue(oidText: string, value: string): Buffer {
  const arc = fulcioArc(oidText);
  if (!value.isWellFormed())
    throw new X509Error('INVALID_PROFILE', `extension ${oidText} is not valid Unicode`);
  const bytes = Buffer.from(value, 'utf8');
  return arc <= 6 ? bytes : tlv(TAG.UTF8_STRING, bytes);
}

/**
 * The non-critical Extension TLVs, sorted by OID. Empty values are skipped (Fulcio renders only
 * claims that are set); both issuer extensions are required; repeated OIDs are refused.
 */
export function encodeFulcioExtensions(extensions: readonly FulcioExtension[]): Buffer[] {
  const byArc = new Map<number, FulcioExtension>();
  for (const ext of extensions) {
    const arc = fulcioArc(ext.oid);
    if (byArc.has(arc)) throw new X509Error('INVALID_PROFILE', `extension ${ext.oid} given twice`);
    byArc.set(arc, ext);
  }
  for (const required of [1, 8]) {
    if (!byArc.get(required)?.value) {
      throw new X509Error(
        'INVALID_PROFILE',
        `the issuer extension ${FULCIO_OID_ARC}.${required} is required`,
      );
    }
  }
  return [...byArc.entries()]
    .filter(([, ext]) => ext.value !== '')
    .sort(([a], [b]) => a - b)
    .map(([, ext]) =>
      extension(oid(ext.oid), false, encodeFulcioExtensionValue(ext.oid, ext.value)),
    );
}

function fulcioArc(oidText: string): number {
  const prefix = `${FULCIO_OID_ARC}.`;
  const rest = oidText.startsWith(prefix) ? oidText.slice(prefix.length) : '';
  const arc = /^[1-9]\d{0,8}$/.test(rest) ? Number(rest) : 0;
  if (arc === 0 || arc === 7)
    throw new X509Error('INVALID_PROFILE', `${oidText} is not a Fulcio certificate extension`);
  return arc;
}
