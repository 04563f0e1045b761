/**
 * An external OpenID Connect issuer for the end-to-end tests: it stands in for a corporate IdP
 * (Keycloak, Dex, …), so the tests exercise Fulcio's real path — discovery, JWKS fetch, RS256
 * signature and claim checks — and not the deployment's own development issuer.
 *
 * Serves `/.well-known/openid-configuration` and `/jwks` on 127.0.0.1 and mints ID tokens with
 * the claims Fulcio and the clients require: `iss`, `sub`, `aud`, `iat`, `exp` (sigstore-python
 * rejects tokens without `iat`), and for the `email` issuer type `email` + `email_verified`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/** The audience Sigstore clients and Fulcio expect (`client-id` in Fulcio's issuer config). */
export const SIGSTORE_AUDIENCE = 'sigstore';

export interface TokenRequest {
  /** Puts `email` and `email_verified` in the token (the `email` issuer type needs both). */
  readonly email?: string;
  readonly emailVerified?: boolean;
  /** Defaults to a random UUID (what most IdPs put there). */
  readonly subject?: string;
  readonly audience?: string;
  /** Seconds until `exp`; negative values mint an already expired token. */
  readonly expiresInSeconds?: number;
}

export class TestOidcIssuer {
  private constructor(
    private readonly server: Server,
    /** The issuer URL: the `iss` claim, and the key in Fulcio's `oidc-issuers`. */
    readonly url: string,
    private readonly privateKey: CryptoKey,
    private readonly kid: string,
  ) {}

  /** Starts an issuer on a free loopback port. */
  static async start(): Promise<TestOidcIssuer> {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const kid = randomUUID();
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
    let issuerUrl = '';
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', issuerUrl).pathname;
      if (req.method !== 'GET') {
        res.writeHead(405).end();
      } else if (path === '/.well-known/openid-configuration') {
        sendJson(res, discoveryDocument(issuerUrl));
      } else if (path === '/jwks') {
        sendJson(res, { keys: [jwk] });
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    issuerUrl = `http://127.0.0.1:${port}`;
    return new TestOidcIssuer(server, issuerUrl, privateKey, kid);
  }

  /** Mints a signed ID token for this issuer. */
  async mintToken(request: TokenRequest = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {};
    if (request.email !== undefined) {
      claims['email'] = request.email;
      claims['email_verified'] = request.emailVerified ?? true;
    }
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' })
      .setIssuer(this.url)
      .setSubject(request.subject ?? randomUUID())
      .setAudience(request.audience ?? SIGSTORE_AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + (request.expiresInSeconds ?? 600))
      .sign(this.privateKey);
  }

  /** Fulcio's issuer configuration entry (YAML kebab-case form) for this issuer. */
  fulcioIssuerConfig(type = 'email'): Record<string, unknown> {
    return { 'issuer-url': this.url, 'client-id': SIGSTORE_AUDIENCE, type };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function discoveryDocument(issuer: string): Record<string, unknown> {
  return {
    issuer,
    jwks_uri: `${issuer}/jwks`,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    claims_supported: ['iss', 'sub', 'aud', 'iat', 'exp', 'email', 'email_verified'],
  };
}

function sendJson(res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
