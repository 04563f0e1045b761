// Full certificate issuance over HTTP: RS256 token check + P-256 proof of possession + precertificate +
// durable CT append + SCT + final certificate, at 16 and 64 concurrent clients, for a P-256 and a P-384
// intermediate. The OIDC issuer is a separate local server (JWKS cached after the first request).
import http from 'node:http';
import { generateKeyPairSync, sign } from 'node:crypto';
import { SignJWT, exportJWK } from 'jose';
import {
  clientCounts,
  freePort,
  freshDatabase,
  load,
  loadGenerator,
  report,
  startServer,
} from './lib.mjs';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const dbUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
// Server worker processes (PostgreSQL only). One is fastest on a 2-core box shared with the load
// generator: replicas re-read the log's right edge after each other's batches.
const workers = dbUrl ? Number(process.env.BENCH_WORKERS ?? 1) : 1;

async function oidcIssuer() {
  const port = await freePort();
  const iss = `http://127.0.0.1:${port}`;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
  const server = http.createServer((req, res) => {
    const body =
      req.url === '/.well-known/openid-configuration'
        ? { issuer: iss, jwks_uri: `${iss}/jwks`, id_token_signing_alg_values_supported: ['RS256'] }
        : { keys: [jwk] };
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  const token = (email) =>
    new SignJWT({ email, email_verified: true })
      .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
      .setIssuer(iss)
      .setSubject(email)
      .setAudience('sigstore')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
  return { iss, token, close: () => server.close() };
}

async function requests(idp, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const email = `bench${i}@example.com`;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    out.push({
      path: '/api/v2/signingCert',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await idp.token(email)}`,
      },
      body: JSON.stringify({
        publicKeyRequest: {
          publicKey: {
            algorithm: 'ECDSA',
            content: publicKey.export({ type: 'spki', format: 'pem' }),
          },
          proofOfPossession: sign('sha256', Buffer.from(email), privateKey).toString('base64'),
        },
      }),
    });
  }
  return out;
}

export async function benchIssuance() {
  const idp = await oidcIssuer();
  const pool = await requests(idp, 256);
  console.log(
    `\n# issuance (${dbUrl ? 'PostgreSQL' : 'embedded PGlite'}, ${workers} server worker(s), ${seconds} s per row, load generator ${loadGenerator})`,
  );
  for (const keyType of (process.env.BENCH_KEY_TYPES ?? 'ecdsa-p256,ecdsa-p384').split(',')) {
    const [fport, cport] = [await freePort(), await freePort()];
    const databaseUrl = dbUrl ? await freshDatabase(dbUrl) : undefined;
    const database = databaseUrl && new URL(databaseUrl).pathname.slice(1);
    const server = await startServer(
      `dataDir: $DIR/data
workers: ${workers}
fulcio:
  port: ${fport}
  ca: { keyType: ${keyType} }
  config:
    oidc-issuers:
      ${idp.iss}: { issuer-url: ${idp.iss}, client-id: sigstore, type: email }
ctlog: { port: ${cport} }
`,
      databaseUrl ? { DATABASE_URL: databaseUrl, SIGSTEAD_KEY_PASSPHRASE: 'bench' } : {},
    );
    try {
      const url = `http://127.0.0.1:${fport}`;
      await load({
        url,
        concurrency: 8,
        seconds: 2,
        makeRequest: (i) => pool[i],
        cycle: pool.length,
        expectStatus: 200,
      });
      for (const concurrency of clientCounts()) {
        const r = await load({
          url,
          concurrency,
          seconds,
          makeRequest: (i) => pool[i],
          cycle: pool.length,
          expectStatus: 200,
          cpu: { pid: server.pid, database },
        });
        report(`issuance ${keyType} intermediate, ${concurrency} clients`, r);
      }
    } finally {
      await server.stop();
    }
  }
  idp.close();
}
