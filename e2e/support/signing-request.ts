/**
 * A `POST /api/v2/signingCert` request as sigstore-js sends it: a fresh P-256 key, its PEM, and a
 * proof of possession over the identity the token names.
 */
import { generateKeyPairSync, sign } from 'node:crypto';

export function signingCertRequest(
  fulcioUrl: string,
  token: string,
  identity: string,
): Promise<Response> {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return fetch(`${fulcioUrl}/api/v2/signingCert`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      credentials: { oidcIdentityToken: token },
      publicKeyRequest: {
        publicKey: {
          algorithm: 'ECDSA',
          content: publicKey.export({ type: 'spki', format: 'pem' }),
        },
        proofOfPossession: sign('sha256', Buffer.from(identity), privateKey).toString('base64'),
      },
    }),
  });
}
