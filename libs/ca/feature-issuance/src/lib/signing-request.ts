import { FulcioError, type FulcioErrorCode } from './error.js';

/** A signing request from either API version, normalised. */
export interface SigningRequest {
  readonly token?: string;
  readonly publicKey?: { readonly content: Buffer | string; readonly algorithm?: string };
  readonly proofOfPossession?: Buffer;
  /** PEM or DER bytes of the CSR. */
  readonly csr?: Buffer;
}

type Json = Record<string, unknown>;

const KEY_ONEOF = new Set([
  'publicKeyRequest',
  'public_key_request',
  'certificateSigningRequest',
  'certificate_signing_request',
]);

/**
 * `POST /api/v2/signingCert` as grpc-gateway's protojson reads it: camelCase or snake_case field names,
 * unknown fields ignored, `bytes` as standard base64. The token comes from the body, else the header.
 */
export function parseV2Request(body: unknown, authorization?: string): SigningRequest {
  const b = asObject(body);
  // `publicKeyRequest` and `certificateSigningRequest` are the two members of the `key` oneof:
  // protojson refuses the second one it meets (null sets neither).
  const members = Object.keys(b).filter((k) => b[k] !== null && KEY_ONEOF.has(k));
  if (members.length > 1) {
    throw new FulcioError('INVALID_REQUEST', {
      message: `proto: error parsing "${members[1]}", oneof dev.sigstore.fulcio.v2.CreateSigningCertificateRequest.key is already set`,
    });
  }
  const credentials = asObject(field(b, 'credentials'));
  const token =
    stringField(credentials, 'oidcIdentityToken', 'oidc_identity_token') || bearer(authorization);
  const pkr = asObject(field(b, 'publicKeyRequest', 'public_key_request'));
  const pk = asObject(field(pkr, 'publicKey', 'public_key'));
  const content = stringField(pk, 'content');
  const csr = bytesField(
    b,
    'INVALID_CSR',
    'certificateSigningRequest',
    'certificate_signing_request',
  );
  return {
    token,
    publicKey: content ? { content, algorithm: stringField(pk, 'algorithm') } : undefined,
    proofOfPossession: bytesField(
      pkr,
      'INVALID_SIGNATURE',
      'proofOfPossession',
      'proof_of_possession',
    ),
    csr,
  };
}

/**
 * Legacy `POST /api/v1/signingCert` (cosign v2): `{publicKey: {content: b64 bytes, algorithm},
 * signedEmailAddress: b64, certificateSigningRequest: b64}`, token only in `Authorization: Bearer`.
 */
export function parseV1Request(body: unknown, authorization?: string): SigningRequest {
  const b = asObject(body);
  const pk = asObject(field(b, 'publicKey', 'public_key'));
  const content = bytesField(pk, 'INVALID_PUBLIC_KEY', 'content');
  return {
    token: bearer(authorization),
    publicKey: content ? { content, algorithm: stringField(pk, 'algorithm') } : undefined,
    proofOfPossession: bytesField(
      b,
      'INVALID_SIGNATURE',
      'signedEmailAddress',
      'signed_email_address',
    ),
    csr: bytesField(b, 'INVALID_CSR', 'certificateSigningRequest', 'certificate_signing_request'),
  };
}

/**
 * The token in an `Authorization` header. Upstream's gateway strips a `Bearer ` prefix and takes
 * the rest, so a bare token works there too; a header of several words without that prefix has no
 * token.
 */
function bearer(header?: string): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (m) return m[1];
  return /^\S+$/.test(header) ? header : undefined;
}

function asObject(v: unknown): Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
}

function field(o: Json, ...names: string[]): unknown {
  for (const n of names) if (o[n] !== undefined && o[n] !== null) return o[n];
  return undefined;
}

function stringField(o: Json, ...names: string[]): string | undefined {
  const v = field(o, ...names);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** A protojson `bytes` field: standard or URL-safe base64 (Node's decoder reads both). */
function bytesField(o: Json, invalid: FulcioErrorCode, ...names: string[]): Buffer | undefined {
  const v = stringField(o, ...names);
  if (v === undefined) return undefined;
  const compact = v.replace(/\s+/g, '');
  if (!BASE64.test(compact)) throw new FulcioError(invalid);
  return Buffer.from(compact, 'base64');
}
