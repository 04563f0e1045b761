/**
 * Fulcio's answers to bad input, against a running stack (spec fulcio.md §1.1, §1.4): every refused
 * request gets HTTP 400 with grpc-gateway's body `{"code":3,"message":"<Fulcio's constant>",
 * "details":[]}` — never a 500 — and appends nothing to the CT log (`get-sth` tree size unchanged).
 * The accepted request shapes (snake_case, token in body or header, CSR, RSA / P-384 / Ed25519 keys)
 * each append exactly one precertificate. No token ever reaches the server's output.
 *
 * Runs on the embedded database, and also on PostgreSQL when TEST_DATABASE_URL is set.
 */
import {
  createPublicKey,
  generateKeyPairSync,
  sign as signData,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CertificationRequest, CertificationRequestInfo } from '@peculiar/asn1-csr';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Name, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SIGSTORE_AUDIENCE, TestOidcIssuer } from './support/oidc-issuer.js';
import { SigsteadStack } from './support/stack.js';

const EMAIL = 'alice@example.com';
/** Fulcio's constant client messages (sigstore/fulcio pkg/server/error.go; spec fulcio.md §1.1). */
const TOKEN_ERROR = 'There was an error processing the identity token';
const KEY_UNPARSEABLE = 'The public key supplied in the request could not be parsed';
const KEY_INSECURE = 'The public key supplied in the request is insecure';
const CSR_UNPARSEABLE = 'The certificate signing request could not be parsed';
const SIGNATURE_ERROR = 'The signature supplied in the request could not be verified';
/** grpc-gateway's HTTP body limit in front of Fulcio (cmd/app/http.go `api.WithMaxBytes`). */
const MAX_BODY_BYTES = 4 << 20;

const databases: ('embedded' | 'postgres')[] = process.env['TEST_DATABASE_URL']
  ? ['embedded', 'postgres']
  : ['embedded'];

type KeyKind = 'P-256' | 'P-384' | 'secp256k1' | 'RSA-1024' | 'RSA-2048' | 'Ed25519';

interface KeyPair {
  readonly kind: KeyKind;
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
  readonly pem: string;
}

/** Key pairs made once per run (RSA generation is the slow part). */
const keys = new Map<KeyKind, KeyPair>();
function key(kind: KeyKind): KeyPair {
  let pair = keys.get(kind);
  if (!pair) {
    const generated =
      kind === 'Ed25519'
        ? generateKeyPairSync('ed25519')
        : kind.startsWith('RSA-')
          ? generateKeyPairSync('rsa', { modulusLength: Number(kind.slice(4)) })
          : generateKeyPairSync('ec', { namedCurve: kind });
    const pem = generated.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    pair = { kind, ...generated, pem };
    keys.set(kind, pair);
  }
  return pair;
}

/** The hash each key type signs with by default (Fulcio's allow-list pairs). */
function defaultHash(kind: KeyKind): 'sha256' | 'sha384' | null {
  return kind === 'Ed25519' ? null : kind === 'P-384' ? 'sha384' : 'sha256';
}

/** Proof of possession: the key's signature over `challenge` (the `email` claim by default). */
function proof(pair: KeyPair, challenge = EMAIL): string {
  return signData(defaultHash(pair.kind), Buffer.from(challenge), pair.privateKey).toString(
    'base64',
  );
}

const SIGNATURE_OIDS: Record<string, string> = {
  'ec:sha256': '1.2.840.10045.4.3.2',
  'ec:sha384': '1.2.840.10045.4.3.3',
  'rsa:sha256': '1.2.840.113549.1.1.11',
  'ed25519:': '1.3.101.112',
};

/** A PKCS#10 CSR (RFC 2986) with an empty subject, signed by `pair`, as base64 of its PEM. */
function csr(pair: KeyPair, hash = defaultHash(pair.kind)): string {
  const type = pair.publicKey.asymmetricKeyType!;
  const info = new CertificationRequestInfo({
    subject: new Name(),
    subjectPKInfo: AsnConvert.parse(
      pair.publicKey.export({ type: 'spki', format: 'der' }),
      SubjectPublicKeyInfo,
    ),
  });
  const infoDer = Buffer.from(AsnConvert.serialize(info));
  const request = new CertificationRequest({
    certificationRequestInfo: info,
    signatureAlgorithm: new AlgorithmIdentifier({
      algorithm: SIGNATURE_OIDS[`${type}:${hash ?? ''}`],
      // RSA AlgorithmIdentifiers carry explicit NULL parameters.
      ...(type === 'rsa' ? { parameters: new Uint8Array([0x05, 0x00]).buffer } : {}),
    }),
    signature: new Uint8Array(signData(hash, infoDer, pair.privateKey)).buffer,
  });
  return pemBase64('CERTIFICATE REQUEST', Buffer.from(AsnConvert.serialize(request)));
}

function pemBase64(label: string, der: Buffer): string {
  const body = der.toString('base64').replace(/.{64}/g, '$&\n');
  return Buffer.from(`-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`).toString(
    'base64',
  );
}

/** `POST /api/v2/signingCert` body on the public-key path, camelCase as sigstore-js sends it. */
function v2Body(token: string | undefined, pair: KeyPair, pop = proof(pair)) {
  return {
    ...(token === undefined ? {} : { credentials: { oidcIdentityToken: token } }),
    publicKeyRequest: {
      publicKey: { algorithm: pair.kind.startsWith('RSA') ? 'RSA' : 'ECDSA', content: pair.pem },
      proofOfPossession: pop,
    },
  };
}

/** Legacy `POST /api/v1/signingCert` body (cosign v2): key PEM and proof as base64 bytes. */
function v1Body(pair: KeyPair, pop = proof(pair)) {
  return {
    publicKey: { content: Buffer.from(pair.pem).toString('base64'), algorithm: 'ecdsa' },
    signedEmailAddress: pop,
  };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** JWT surgery for forged tokens: a fresh header, or a flipped signature byte. */
function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
function withFlippedSignatureByte(token: string): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const bytes = Buffer.from(signature, 'base64url');
  bytes[bytes.length >> 1]! ^= 0x01;
  return `${header}.${payload}.${bytes.toString('base64url')}`;
}

/**
 * A second identity provider that Fulcio trusts, for claims the shared fixture cannot mint
 * (`nbf`): discovery and JWKS on loopback, RS256 tokens over whatever claims the test gives.
 */
class ClaimsIssuer {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly privateKey: CryptoKey,
    private readonly kid: string,
  ) {}

  static async start(): Promise<ClaimsIssuer> {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const kid = 'claims-issuer';
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
    let url = '';
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const body =
        path === '/.well-known/openid-configuration'
          ? {
              issuer: url,
              jwks_uri: `${url}/jwks`,
              response_types_supported: ['id_token'],
              subject_types_supported: ['public'],
              id_token_signing_alg_values_supported: ['RS256'],
            }
          : path === '/jwks'
            ? { keys: [jwk] }
            : undefined;
      if (!body) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return new ClaimsIssuer(server, url, privateKey, kid);
  }

  /** An email token valid for ten minutes, with `extra` claims merged over the defaults. */
  mint(extra: Record<string, unknown>): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ email: EMAIL, email_verified: true, ...extra })
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' })
      .setIssuer(this.url)
      .setSubject('claims-issuer-subject')
      .setAudience(SIGSTORE_AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(this.privateKey);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((ok) => this.server.close(() => ok()));
  }
}

interface Reply {
  readonly status: number;
  readonly contentType: string | null;
  readonly text: string;
}

describe.each(databases)('Fulcio bad input (%s database)', (database) => {
  let issuer: TestOidcIssuer;
  /** A well-formed issuer Fulcio's configuration does not list. */
  let stranger: TestOidcIssuer;
  let claimsIssuer: ClaimsIssuer;
  let stack: SigsteadStack;
  /** Every token sent; none may appear in the server's output. */
  const tokens = new Set<string>();

  beforeAll(async () => {
    issuer = await TestOidcIssuer.start();
    stranger = await TestOidcIssuer.start();
    claimsIssuer = await ClaimsIssuer.start();
    stack = await SigsteadStack.start({
      database,
      fulcioConfig: {
        'oidc-issuers': {
          [issuer.url]: issuer.fulcioIssuerConfig('email'),
          [claimsIssuer.url]: {
            'issuer-url': claimsIssuer.url,
            'client-id': SIGSTORE_AUDIENCE,
            type: 'email',
          },
        },
      },
    });
  });

  afterAll(async () => {
    const exit = await stack?.stop();
    await Promise.all([issuer?.close(), stranger?.close(), claimsIssuer?.close()]);
    if (exit) expect(exit).toEqual({ code: 0, signal: null });
  });

  // The stack keeps its last 400 output lines; checking after every test sees all of them.
  afterEach(() => expectNoTokenInOutput());

  function expectNoTokenInOutput(): void {
    const output = stack.output();
    for (const token of tokens) {
      // The whole token, and its claims and signature parts on their own.
      for (const part of [token, ...token.split('.').slice(1)]) {
        if (part.length >= 16) expect(output.includes(part), 'a token in the output').toBe(false);
      }
    }
  }

  /** Registers a token so the output check looks for it. */
  function track(token: string): string {
    tokens.add(token);
    return token;
  }
  const good = async () => track(await issuer.mintToken({ email: EMAIL }));

  async function post(
    version: 'v1' | 'v2',
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const res = await fetch(`${stack.fulcioUrl}/api/${version}/signingCert`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return {
      status: res.status,
      contentType: res.headers.get('content-type'),
      text: await res.text(),
    };
  }

  async function treeSize(): Promise<number> {
    const res = await fetch(`${stack.ctlogUrl}/ct/v1/get-sth`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { tree_size: number }).tree_size;
  }

  /** Sends a request that must be refused with `message`; the CT log must not grow. */
  async function expectRefused(
    version: 'v1' | 'v2',
    body: unknown,
    headers: Record<string, string>,
    message: string | RegExp,
  ): Promise<void> {
    const before = await treeSize();
    const reply = await post(version, body, headers);
    const context = `${reply.status} ${reply.text}\n${stack.output()}`;
    expect(reply.status, context).toBe(400);
    expect(reply.contentType, context).toMatch(/^application\/json/);
    const json = JSON.parse(reply.text) as Record<string, unknown>;
    if (typeof message === 'string') {
      expect(json, context).toStrictEqual({ code: 3, message, details: [] });
    } else {
      expect(Object.keys(json).sort(), context).toEqual(['code', 'details', 'message']);
      expect(json, context).toMatchObject({ code: 3, details: [] });
      expect(json['message'], context).toMatch(message);
    }
    expect(await treeSize(), 'nothing may be logged for a refused request').toBe(before);
  }

  /** Sends a request that must be answered with a certificate for `pair`; logs exactly one entry. */
  async function expectIssued(
    version: 'v1' | 'v2',
    body: unknown,
    headers: Record<string, string>,
    pair: KeyPair,
  ): Promise<void> {
    const before = await treeSize();
    const reply = await post(version, body, headers);
    const context = `${reply.status} ${reply.text}\n${stack.output()}`;
    let pems: string[];
    if (version === 'v2') {
      expect(reply.status, context).toBe(200);
      const json = JSON.parse(reply.text) as {
        signedCertificateEmbeddedSct: { chain: { certificates: string[] } };
      };
      pems = json.signedCertificateEmbeddedSct.chain.certificates;
    } else {
      expect(reply.status, context).toBe(201);
      expect(reply.contentType, context).toMatch(/^application\/pem-certificate-chain/);
      pems = reply.text.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
    }
    expect(pems.length, context).toBeGreaterThanOrEqual(3);
    const leaf = new X509Certificate(pems[0]!);
    const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
    expect(spki(leaf.publicKey).equals(spki(pair.publicKey)), 'the leaf certifies our key').toBe(
      true,
    );
    expect(leaf.subjectAltName).toBe(`email:${EMAIL}`);
    expect(await treeSize(), 'one precertificate logged').toBe(before + 1);
  }

  describe('v2 tokens Fulcio must refuse', () => {
    const cases: [string, () => Promise<string>][] = [
      ['an expired token', () => issuer.mintToken({ email: EMAIL, expiresInSeconds: -60 })],
      [
        'a token not valid before 10 minutes from now (beyond the 5 minute leeway)',
        () => claimsIssuer.mint({ nbf: Math.floor(Date.now() / 1000) + 600 }),
      ],
      ['a token for another audience', () => issuer.mintToken({ email: EMAIL, audience: 'other' })],
      ['a token from an unconfigured issuer', () => stranger.mintToken({ email: EMAIL })],
      [
        'an unsigned token (alg: none)',
        async () => {
          const [, payload] = (await good()).split('.');
          return `${base64url({ alg: 'none', typ: 'JWT' })}.${payload}.`;
        },
      ],
      [
        "an HS256 token keyed with the issuer's public key (algorithm confusion)",
        async () => {
          const claims = decodeJwt(await good());
          const { keys: jwks } = (await (await fetch(`${issuer.url}/jwks`)).json()) as {
            keys: (JWK & { kid: string })[];
          };
          const jwk = jwks[0]!;
          const secret = createPublicKey({ key: jwk, format: 'jwk' }).export({
            type: 'spki',
            format: 'pem',
          });
          return new SignJWT(claims)
            .setProtectedHeader({ alg: 'HS256', kid: jwk.kid, typ: 'JWT' })
            .sign(Buffer.from(secret));
        },
      ],
      ['a token with a tampered signature', async () => withFlippedSignatureByte(await good())],
      [
        'a token whose email is not verified',
        () => issuer.mintToken({ email: EMAIL, emailVerified: false }),
      ],
      ['a token without the email claim', () => issuer.mintToken({})],
      ['a string that is not a JWT', () => Promise.resolve('not-a-jwt-at-all-0123456789')],
    ];

    it.each(cases)('refuses %s', async (_name, mint) => {
      const token = track(await mint());
      await expectRefused('v2', v2Body(token, key('P-256')), {}, TOKEN_ERROR);
    });

    it('refuses a request without any token', async () => {
      await expectRefused('v2', v2Body(undefined, key('P-256')), {}, TOKEN_ERROR);
    });

    it('refuses a tampered token before it looks at the proof of possession', async () => {
      // The token's signature is checked on the validation thread that checks the proof: first.
      const token = track(withFlippedSignatureByte(await good()));
      await expectRefused('v2', v2Body(token, key('P-256'), ''), {}, TOKEN_ERROR);
      const pair = key('P-256');
      const elsewhere = proof(pair, 'bob@example.com');
      await expectRefused('v2', v2Body(token, pair, elsewhere), {}, TOKEN_ERROR);
    });

    it('refuses a bad token in the body even when the header carries a good one', async () => {
      const expired = track(await issuer.mintToken({ email: EMAIL, expiresInSeconds: -60 }));
      await expectRefused('v2', v2Body(expired, key('P-256')), bearer(await good()), TOKEN_ERROR);
    });
  });

  describe('v2 keys, proofs and CSRs Fulcio must refuse', () => {
    it.each([
      ['a proof over another email address', 'bob@example.com'],
      ["a proof over the issuer's URL (a claim that is not the challenge)", 'issuer'],
      ['a proof over the audience claim', SIGSTORE_AUDIENCE],
    ])('refuses %s', async (_name, challenge) => {
      const pair = key('P-256');
      const pop = proof(pair, challenge === 'issuer' ? issuer.url : challenge);
      await expectRefused('v2', v2Body(await good(), pair, pop), {}, SIGNATURE_ERROR);
    });

    it('refuses an empty proof of possession', async () => {
      await expectRefused('v2', v2Body(await good(), key('P-256'), ''), {}, SIGNATURE_ERROR);
    });

    it('refuses a P-384 proof made with SHA-256 instead of the curve hash', async () => {
      const pair = key('P-384');
      const pop = signData('sha256', Buffer.from(EMAIL), pair.privateKey).toString('base64');
      await expectRefused('v2', v2Body(await good(), pair, pop), {}, SIGNATURE_ERROR);
    });

    it('refuses an RSA-1024 key as insecure (before looking at the proof)', async () => {
      const pair = key('RSA-1024');
      await expectRefused('v2', v2Body(await good(), pair), {}, KEY_INSECURE);
      // Fulcio checks the key before the proof: a bad proof does not change the answer.
      await expectRefused(
        'v2',
        v2Body(await good(), pair, proof(pair, 'bob@example.com')),
        {},
        KEY_INSECURE,
      );
    });

    it('refuses a secp256k1 key as unparseable (Go knows no such curve)', async () => {
      await expectRefused('v2', v2Body(await good(), key('secp256k1')), {}, KEY_UNPARSEABLE);
    });

    it.each([
      [
        'a PEM block with a corrupt body',
        '-----BEGIN PUBLIC KEY-----\nnot base64 at all!\n-----END PUBLIC KEY-----\n',
      ],
      ['a PEM block with another label', key('P-256').pem.replaceAll('PUBLIC KEY', 'CERTIFICATE')],
      ['a truncated PEM key', key('P-256').pem.slice(0, 80)],
      ['text that is neither PEM nor DER', 'hello'],
    ])('refuses %s as the public key', async (_name, content) => {
      const body = v2Body(await good(), key('P-256'));
      body.publicKeyRequest.publicKey.content = content;
      await expectRefused('v2', body, {}, KEY_UNPARSEABLE);
    });

    it('refuses a request with neither a public key nor a CSR', async () => {
      await expectRefused(
        'v2',
        { credentials: { oidcIdentityToken: await good() } },
        {},
        KEY_UNPARSEABLE,
      );
    });

    it.each([
      ['base64 of bytes that are not a CSR', Buffer.from('not a csr').toString('base64')],
      [
        'a CSR PEM with a corrupt body',
        Buffer.from(
          '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n',
        ).toString('base64'),
      ],
      ['a public key PEM where the CSR belongs', Buffer.from(key('P-256').pem).toString('base64')],
      ['a CSR for a secp256k1 key', csr(key('secp256k1'))],
    ])('refuses %s', async (_name, request) => {
      await expectRefused(
        'v2',
        { credentials: { oidcIdentityToken: await good() }, certificateSigningRequest: request },
        {},
        CSR_UNPARSEABLE,
      );
    });

    it('refuses a CSR for an RSA-1024 key as insecure', async () => {
      await expectRefused(
        'v2',
        {
          credentials: { oidcIdentityToken: await good() },
          certificateSigningRequest: csr(key('RSA-1024')),
        },
        {},
        KEY_INSECURE,
      );
    });

    it('refuses a CSR whose self-signature does not verify', async () => {
      const pem = Buffer.from(csr(key('P-256')), 'base64').toString();
      const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
      der[der.length - 5]! ^= 0x01; // inside the ECDSA signature's s value
      await expectRefused(
        'v2',
        {
          credentials: { oidcIdentityToken: await good() },
          certificateSigningRequest: pemBase64('CERTIFICATE REQUEST', der),
        },
        {},
        SIGNATURE_ERROR,
      );
    });

    it('refuses a P-256 CSR signed with SHA-384 (not on the algorithm allow-list)', async () => {
      await expectRefused(
        'v2',
        {
          credentials: { oidcIdentityToken: await good() },
          certificateSigningRequest: csr(key('P-256'), 'sha384'),
        },
        {},
        /^signing algorithm not permitted/,
      );
    });

    // Upstream names the refused pair with Go's %T and crypto.Hash
    // (pkg/server/grpc_server.go: "signing algorithm not permitted: %T, %s").
    it("names the refused pair in upstream's words", async () => {
      await expectRefused(
        'v2',
        {
          credentials: { oidcIdentityToken: await good() },
          certificateSigningRequest: csr(key('P-256'), 'sha384'),
        },
        {},
        'signing algorithm not permitted: *ecdsa.PublicKey, SHA-384',
      );
    });
  });

  describe('v2 bodies that are not well-formed', () => {
    // Upstream, grpc-gateway fails these while decoding, also with 400 and code 3, but with the
    // decoder's own text (protojson's, which protobuf-go deliberately varies: "proto: (line 1:…):
    // invalid value for bytes field …"). Clients cannot rely on that text, so sigstead answers with
    // the constant for the field (or "request body is not valid JSON") instead.
    it('refuses a CSR that is not base64', async () => {
      await expectRefused(
        'v2',
        {
          credentials: { oidcIdentityToken: await good() },
          certificateSigningRequest: '%%% not base64 %%%',
        },
        {},
        CSR_UNPARSEABLE,
      );
    });

    it('refuses a proof of possession that is not base64', async () => {
      await expectRefused('v2', v2Body(await good(), key('P-256'), '***'), {}, SIGNATURE_ERROR);
    });

    it.each([
      [
        'a truncated JSON object',
        async () => `{"credentials": {"oidcIdentityToken": "${await good()}"`,
      ],
      ['a bare token', good],
      ['a JSON string', async () => JSON.stringify(await good())],
    ])('refuses a body that is %s (not a JSON object)', async (_name, body) => {
      await expectRefused('v2', await body(), {}, 'request body is not valid JSON');
    });

    it('treats an empty body as a request without a token', async () => {
      await expectRefused('v2', '', {}, TOKEN_ERROR);
    });

    it('refuses a body over 4 MiB without logging anything', async () => {
      // Upstream: http.MaxBytesReader fails the gateway's decode → 400 {"code":3,"message":"http:
      // request body too large","details":[]}; sigstead answers the same.
      const before = await treeSize();
      const body = JSON.stringify({
        ...v2Body(await good(), key('P-256')),
        padding: 'x'.repeat(MAX_BODY_BYTES + 1024),
      });
      const reply = await post('v2', body);
      expect(reply.status, reply.text).toBe(400);
      expect(reply.contentType).toMatch(/^application\/json/);
      expect(JSON.parse(reply.text)).toStrictEqual({
        code: 3,
        message: 'http: request body too large',
        details: [],
      });
      expect(await treeSize()).toBe(before);
    });

    it('accepts a body just under 4 MiB (unknown fields are ignored)', async () => {
      const pair = key('P-256');
      const body = v2Body(await good(), pair);
      const overhead = Buffer.byteLength(JSON.stringify({ ...body, padding: '' }));
      const padded = JSON.stringify({
        ...body,
        padding: 'x'.repeat(MAX_BODY_BYTES - overhead - 16),
      });
      await expectIssued('v2', padded, {}, pair);
    });
  });

  describe('legacy v1 requests Fulcio must refuse (token only in Authorization)', () => {
    it('refuses an expired token', async () => {
      const token = track(await issuer.mintToken({ email: EMAIL, expiresInSeconds: -60 }));
      await expectRefused('v1', v1Body(key('P-256')), bearer(token), TOKEN_ERROR);
    });

    it('refuses a token from an unconfigured issuer', async () => {
      const token = track(await stranger.mintToken({ email: EMAIL }));
      await expectRefused('v1', v1Body(key('P-256')), bearer(token), TOKEN_ERROR);
    });

    it('refuses a token with a tampered signature', async () => {
      const token = track(withFlippedSignatureByte(await good()));
      await expectRefused('v1', v1Body(key('P-256')), bearer(token), TOKEN_ERROR);
    });

    it('ignores a token in the body (v1 has no credentials field)', async () => {
      const body = { ...v1Body(key('P-256')), credentials: { oidcIdentityToken: await good() } };
      await expectRefused('v1', body, {}, TOKEN_ERROR);
    });

    it('refuses an Authorization header that is not a bearer token', async () => {
      const token = await good();
      await expectRefused(
        'v1',
        v1Body(key('P-256')),
        { authorization: `Basic ${token}` },
        TOKEN_ERROR,
      );
    });

    it('refuses a proof over another email address', async () => {
      const pair = key('P-256');
      await expectRefused(
        'v1',
        v1Body(pair, proof(pair, 'bob@example.com')),
        bearer(await good()),
        SIGNATURE_ERROR,
      );
    });

    it('refuses an RSA-1024 key', async () => {
      await expectRefused('v1', v1Body(key('RSA-1024')), bearer(await good()), KEY_INSECURE);
    });

    it('refuses a key that is not base64', async () => {
      const body = v1Body(key('P-256'));
      body.publicKey.content = '!!! not base64 !!!';
      await expectRefused('v1', body, bearer(await good()), KEY_UNPARSEABLE);
    });
  });

  describe('request shapes Fulcio accepts', () => {
    it('snake_case field names (protojson accepts both)', async () => {
      const pair = key('P-256');
      const body = {
        credentials: { oidc_identity_token: await good() },
        public_key_request: {
          public_key: { algorithm: 'ECDSA', content: pair.pem },
          proof_of_possession: proof(pair),
        },
      };
      await expectIssued('v2', body, {}, pair);
    });

    it('the token only in the Authorization header', async () => {
      const pair = key('P-256');
      await expectIssued('v2', v2Body(undefined, pair), bearer(await good()), pair);
    });

    it('a good token in the body wins over a bad one in the header', async () => {
      const pair = key('P-256');
      const expired = track(await issuer.mintToken({ email: EMAIL, expiresInSeconds: -60 }));
      await expectIssued('v2', v2Body(await good(), pair), bearer(expired), pair);
    });

    it('a token whose nbf lies within the 5 minute leeway', async () => {
      const pair = key('P-256');
      const token = track(await claimsIssuer.mint({ nbf: Math.floor(Date.now() / 1000) + 120 }));
      await expectIssued('v2', v2Body(token, pair), {}, pair);
    });

    it.each(['P-256', 'RSA-2048', 'Ed25519'] as const)('a %s CSR', async (kind) => {
      const pair = key(kind);
      await expectIssued(
        'v2',
        { credentials: { oidcIdentityToken: await good() }, certificateSigningRequest: csr(pair) },
        {},
        pair,
      );
    });

    it('a CSR under its snake_case name with the token in the header', async () => {
      const pair = key('P-256');
      await expectIssued(
        'v2',
        { certificate_signing_request: csr(pair) },
        bearer(await good()),
        pair,
      );
    });

    it.each([
      ['an RSA-2048 key with a PKCS#1 v1.5 SHA-256 proof', 'RSA-2048'],
      ['a P-384 key with a SHA-384 proof', 'P-384'],
      ['an Ed25519 key with a pure Ed25519 proof', 'Ed25519'],
    ] as const)('%s', async (_name, kind) => {
      const pair = key(kind);
      await expectIssued('v2', v2Body(await good(), pair), {}, pair);
    });

    it('a legacy v1 request with the token in the Authorization header', async () => {
      const pair = key('P-256');
      await expectIssued('v1', v1Body(pair), bearer(await good()), pair);
    });
  });

  describe("the server's output", () => {
    it('records the refusals but never a token', () => {
      const output = stack.output();
      expect(tokens.size).toBeGreaterThan(20);
      // Refusals are logged (warn), so the absence of tokens is meaningful.
      expect(output).toContain(TOKEN_ERROR);
      expectNoTokenInOutput();
    });
  });
});
