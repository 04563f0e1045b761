import { Inject, Injectable } from '@nestjs/common';
import { OidcError, requireTokenSignature } from '@sigstead/data-access-oidc';
import { IdentityError, principalFromClaims, type Principal } from '@sigstead/util-identity';
import {
  checkClientSigningAlgorithm,
  parseCsr,
  X509Error,
  type ClientPublicKey,
  type HashAlgorithm,
} from '@sigstead/util-x509';
import { FulcioError, type FulcioErrorCode } from './error.js';
import {
  CERTIFICATE_AUTHORITY,
  ISSUANCE_SETTINGS,
  KEY_PROOF,
  TOKEN_VERIFIER,
  type CertificateAuthority,
  type IssuanceSettings,
  type KeyProofChecker,
  type PendingToken,
  type TokenVerifier,
} from './ports.js';
import type { SigningRequest } from './signing-request.js';

/**
 * One certificate request, in Fulcio's order (pkg/server/grpc_server.go): authenticate the token →
 * parse the key or CSR → refuse weak keys → check proof of possession → algorithm policy → issue.
 * The token's signature may be checked on the validation thread that checks the proof, but it is
 * checked first there, so a request is refused for the same reason, in the same order, as upstream.
 */
@Injectable()
export class IssuanceService {
  constructor(
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    @Inject(CERTIFICATE_AUTHORITY) private readonly ca: CertificateAuthority,
    @Inject(ISSUANCE_SETTINGS) private readonly settings: IssuanceSettings,
    @Inject(KEY_PROOF) private readonly keyProof: KeyProofChecker,
  ) {}

  async issue(request: SigningRequest): Promise<string[]> {
    const token = await this.beginAuthentication(request.token);
    // Nothing the token claims is used before its signature verified. With a public key to prove,
    // the signature goes to the key-proof check (one hop to a validation thread for both); a token
    // refused by its claims, and a CSR, have it checked here first.
    const principal = this.principalOf(token);
    if (principal instanceof FulcioError || request.csr || !request.publicKey) {
      this.requireSignature(token);
      if (principal instanceof FulcioError) throw principal;
    }
    const key = request.csr
      ? this.keyFromCsr(request.csr)
      : await this.keyFromProof(request, principal, token);
    return this.ca.issue(principal, key.spkiDer);
  }

  trustBundle(): string[][] {
    return this.ca.trustBundle();
  }

  /** `GET /api/v2/configuration`: the issuers and the claim each expects proof of possession over. */
  configuration() {
    const { oidcIssuers, metaIssuers } = this.settings.fulcioConfig;
    const describe = (i: (typeof oidcIssuers)[number] | (typeof metaIssuers)[number]) => ({
      audience: i.clientId,
      challengeClaim: i.challengeClaim,
      spiffeTrustDomain: i.spiffeTrustDomain ?? '',
      issuerType: i.type,
      subjectDomain: i.subjectDomain ?? '',
      skipEmailVerification: i.skipEmailVerification,
    });
    return [
      ...oidcIssuers.map((i) => ({ issuerUrl: i.issuerUrl, ...describe(i) })),
      ...metaIssuers.map((i) => ({ wildcardIssuerUrl: i.wildcardIssuerUrl, ...describe(i) })),
    ];
  }

  private async beginAuthentication(token: string | undefined): Promise<PendingToken> {
    if (!token)
      throw new FulcioError('INVALID_IDENTITY_TOKEN', { cause: new Error('no token in request') });
    try {
      return await this.verifier.begin(token);
    } catch (err) {
      throw new FulcioError('INVALID_IDENTITY_TOKEN', { cause: err });
    }
  }

  /** The principal, or the refusal to report once the signature verified. */
  private principalOf(token: PendingToken): Principal | FulcioError {
    try {
      const { issuer, claims } = token.complete();
      return principalFromClaims(issuer, claims);
    } catch (err) {
      // A CI provider's templates fail where upstream builds the certificate: 400 with their text.
      if (err instanceof IdentityError && err.atIssuance) {
        return new FulcioError('PRINCIPAL_INVALID', { cause: err, message: err.message });
      }
      return new FulcioError('INVALID_IDENTITY_TOKEN', { cause: err });
    }
  }

  private requireSignature(token: PendingToken): void {
    try {
      requireTokenSignature(token.signature);
    } catch (err) {
      throw new FulcioError('INVALID_IDENTITY_TOKEN', { cause: err });
    }
  }

  private keyFromCsr(csr: Buffer): ClientPublicKey {
    const parsed = mapX509(() => parseCsr(csr));
    checkAlgorithm(parsed.publicKey, parsed.hash);
    return parsed.publicKey;
  }

  private async keyFromProof(
    request: SigningRequest,
    principal: Principal,
    token: PendingToken,
  ): Promise<Pick<ClientPublicKey, 'spkiDer'>> {
    if (!request.publicKey) {
      throw new FulcioError('INVALID_PUBLIC_KEY', {
        cause: new Error('neither a public key nor a CSR'),
      });
    }
    const proven = await mapX509Async(() =>
      this.keyProof.prove(
        request.publicKey!.content,
        request.proofOfPossession ?? Buffer.alloc(0),
        principal.challengeCandidates,
        token.signature,
      ),
    );
    checkAlgorithm(proven, proven.hash);
    return proven;
  }
}

const X509_TO_FULCIO: Partial<Record<X509Error['code'], FulcioErrorCode>> = {
  PUBLIC_KEY_UNPARSEABLE: 'INVALID_PUBLIC_KEY',
  PUBLIC_KEY_INSECURE: 'INSECURE_PUBLIC_KEY',
  CSR_UNPARSEABLE: 'INVALID_CSR',
  SIGNATURE_INVALID: 'INVALID_SIGNATURE',
};

/**
 * The (key, hash) allow-list. The refusal names the pair the way upstream does (Go's `%T, %s`:
 * "signing algorithm not permitted: *ecdsa.PublicKey, SHA-384").
 */
function checkAlgorithm(key: Pick<ClientPublicKey, 'kind'>, hash: HashAlgorithm | null): void {
  try {
    checkClientSigningAlgorithm(key, hash);
  } catch (err) {
    if (!(err instanceof X509Error) || err.code !== 'ALGORITHM_NOT_PERMITTED') throw err;
    const type = key.kind.startsWith('ecdsa')
      ? '*ecdsa.PublicKey'
      : key.kind.startsWith('rsa')
        ? '*rsa.PublicKey'
        : 'ed25519.PublicKey';
    const goHash = hash ? `SHA-${hash.slice(3)}` : 'unknown hash value 0';
    throw new FulcioError('ALGORITHM_NOT_PERMITTED', { cause: err, detail: `${type}, ${goHash}` });
  }
}

function mapX509<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw toFulcioError(err);
  }
}

async function mapX509Async<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toFulcioError(err);
  }
}

function toFulcioError(err: unknown): unknown {
  if (err instanceof OidcError) return new FulcioError('INVALID_IDENTITY_TOKEN', { cause: err });
  if (err instanceof X509Error) {
    const code = X509_TO_FULCIO[err.code];
    if (code) return new FulcioError(code, { cause: err });
  }
  return err;
}
