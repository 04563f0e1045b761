// A real OpenID provider for tests: a node:http(s) server on 127.0.0.1 serving discovery and JWKS for
// any issuer path under it, and minting RS256 / ES256 ID tokens with jose.
import 'reflect-metadata'; // @peculiar/x509 (tsyringe) needs it loaded first
import { webcrypto } from 'node:crypto';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import * as x509 from '@peculiar/x509';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, type CryptoKey, type JWK } from 'jose';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

interface SigningKey {
  readonly alg: SigningAlg;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly jwk: JWK;
}

export type SigningAlg = 'RS256' | 'PS256' | 'ES256' | 'ES384' | 'EdDSA';

export class TestIdp {
  readonly hits = { discovery: 0, jwks: 0 };
  readonly authorization: (string | undefined)[] = [];
  readonly keys = new Map<string, SigningKey>();
  /** Overrides the discovery `issuer` (for mismatch tests). */
  discoveryIssuer?: string;
  advertisedAlgs: string[] = ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'];
  private readonly routes = new Map<string, Handler>();

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(tls?: { cert: string; key: string }): Promise<TestIdp> {
    const holder: { idp?: TestIdp } = {};
    const handler: Handler = (req, res) => holder.idp?.handle(req, res);
    const server = tls ? createHttpsServer(tls, handler) : createHttpServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.idp = new TestIdp(server, `${tls ? 'https' : 'http'}://127.0.0.1:${port}`);
    return holder.idp;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Serve `handler` for the exact `path`, instead of the default routes. */
  route(path: string, handler: Handler): void {
    this.routes.set(path, handler);
  }

  async addKey(kid: string, alg: SigningAlg = 'RS256'): Promise<void> {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig' };
    this.keys.set(kid, { alg, privateKey, publicKey, jwk });
  }

  async publicKeyPem(kid: string): Promise<string> {
    return exportSPKI(this.keys.get(kid)!.publicKey);
  }

  async mint(claims: Record<string, unknown>, kid: string): Promise<string> {
    const key = this.keys.get(kid)!;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: key.alg, kid, typ: 'JWT' })
      .sign(key.privateKey);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', this.origin).pathname;
    this.authorization.push(req.headers.authorization);
    const custom = this.routes.get(path);
    if (custom) return custom(req, res);
    if (path.endsWith('/.well-known/openid-configuration')) {
      this.hits.discovery++;
      const issuer = this.origin + path.slice(0, -'/.well-known/openid-configuration'.length);
      return json(res, {
        issuer: this.discoveryIssuer ?? issuer,
        jwks_uri: `${this.origin}/jwks`,
        id_token_signing_alg_values_supported: this.advertisedAlgs,
        response_types_supported: ['id_token'],
        subject_types_supported: ['public'],
      });
    }
    if (path === '/jwks') {
      this.hits.jwks++;
      return json(res, { keys: [...this.keys.values()].map((k) => k.jwk) });
    }
    res.writeHead(404).end();
  }
}

export function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** A self-signed certificate for 127.0.0.1 (its own CA), as PEM cert + PKCS#8 key. */
export async function selfSignedTls(): Promise<{ cert: string; key: string }> {
  x509.cryptoProvider.set(webcrypto);
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=sigstead test IdP',
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 3_600_000),
    keys,
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign,
        true,
      ),
      new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }]),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString(
    'base64',
  );
  const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
  return { cert: cert.toString('pem'), key };
}
