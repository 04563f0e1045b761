import { randomUUID } from 'node:crypto';
import { exportJWK, type JWK } from 'jose';
import type { Signer } from '@sigstead/data-access-keys';
import { DevIssuerError } from './error.js';

export interface DevIssuerSettings {
  /** The issuer URL tokens carry (`iss`) and discovery reports; must match Fulcio's configuration. */
  readonly issuerUrl: string;
  readonly clientId: string;
  /** Token lifetime in seconds. */
  readonly ttlSeconds: number;
}

export interface TokenRequest {
  readonly email?: string;
  readonly subject?: string;
  readonly audience?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A zero-setup OpenID provider for the embedded mode: discovery, JWKS and tokens for any identity.
 * It exists so a laptop can sign without an IdP; it is off unless the configuration enables it.
 */
export class DevIssuerService {
  private readonly kid: string;
  private jwk?: JWK;

  constructor(
    private readonly settings: DevIssuerSettings,
    private readonly signer: Signer,
  ) {
    this.kid = signer.spki.subarray(-16).toString('hex');
  }

  discovery(): Record<string, unknown> {
    const iss = this.settings.issuerUrl;
    return {
      issuer: iss,
      jwks_uri: `${iss}/jwks`,
      token_endpoint: `${iss}/token`,
      authorization_endpoint: `${iss}/authorize`,
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['ES256'],
      claims_supported: ['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'email', 'email_verified'],
      // Tells tools (`sigstead env`) that this issuer mints tokens on request at token_endpoint.
      sigstead_dev_issuer: true,
    };
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    this.jwk ??= {
      ...(await exportJWK(this.signer.publicKey)),
      kid: this.kid,
      alg: 'ES256',
      use: 'sig',
    };
    return { keys: [this.jwk] };
  }

  /** Mints an ID token for an email (email type issuers) or a bare subject. */
  async mint(request: TokenRequest): Promise<{ token: string; expiresIn: number }> {
    const { email, subject } = request;
    if (!email && !subject) throw new DevIssuerError('give an email or a subject');
    if (email !== undefined && !EMAIL.test(email))
      throw new DevIssuerError('not a valid email address');
    if (subject !== undefined && (subject.length === 0 || subject.length > 512)) {
      throw new DevIssuerError('subject must be 1 to 512 characters');
    }
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      iss: this.settings.issuerUrl,
      sub: subject ?? email,
      aud: request.audience ?? this.settings.clientId,
      iat: now,
      nbf: now,
      exp: now + this.settings.ttlSeconds,
      jti: randomUUID(),
      ...(email ? { email, email_verified: true } : {}),
    };
    const header = { alg: 'ES256', kid: this.kid, typ: 'JWT' };
    // RFC 7515 §7.1 compact serialisation, signed through the Signer port (ES256 = r||s, RFC 7518 §3.4).
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    const der = await this.signer.sign(Buffer.from(input));
    return {
      token: `${input}.${derToJose(der).toString('base64url')}`,
      expiresIn: this.settings.ttlSeconds,
    };
  }
}

function b64url(s: string): string {
  return Buffer.from(s).toString('base64url');
}

/**
 * DER ECDSA-Sig-Value → fixed-size r||s (32 bytes each for P-256). `readUInt8` throws a RangeError
 * on a truncated signature instead of reading past the end.
 */
function derToJose(der: Buffer): Buffer {
  const seqLen = der.readUInt8(1);
  let offset = 2 + (seqLen & 0x80 ? seqLen & 0x7f : 0);
  const out = Buffer.alloc(64);
  for (let i = 0; i < 2; i++) {
    const len = der.readUInt8(offset + 1);
    let int = der.subarray(offset + 2, offset + 2 + len);
    while (int.length > 32 && int[0] === 0) int = int.subarray(1);
    int.copy(out, i * 32 + (32 - int.length));
    offset += 2 + len;
  }
  return out;
}
