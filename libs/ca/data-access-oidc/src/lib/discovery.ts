// OIDC discovery (OpenID Connect Discovery 1.0 §4; go-oidc `NewProvider` as fulcio uses it):
// `{iss}/.well-known/openid-configuration`, whose `issuer` must equal `iss` exactly (§4.3).
import { OidcError, showIssuer } from './error.js';
import { getJson, isAllowedUrl, type GetJsonOptions } from './http.js';

/** Asymmetric JWS algorithms go-oidc accepts; `none` and HS* can never be allowed. */
export const SUPPORTED_ALGORITHMS: readonly string[] = [
  'RS256',
  'RS384',
  'RS512',
  'ES256',
  'ES384',
  'ES512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
];

export interface ProviderMetadata {
  readonly issuer: string;
  readonly jwksUri: string;
  /** Discovery `id_token_signing_alg_values_supported` ∩ SUPPORTED_ALGORITHMS, or [RS256] when empty. */
  readonly algorithms: readonly string[];
}

export async function discover(iss: string, http: GetJsonOptions): Promise<ProviderMetadata> {
  const url = `${iss.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let doc: unknown;
  try {
    doc = await getJson(url, http);
  } catch (e) {
    throw new OidcError(
      'DISCOVERY_FAILED',
      `OIDC discovery for ${showIssuer(iss)} failed: ${(e as Error).message}`,
      { cause: e },
    );
  }
  if (typeof doc !== 'object' || doc === null)
    throw invalid(iss, 'discovery document is not a JSON object');
  const d = doc as Record<string, unknown>;
  if (d['issuer'] !== iss)
    throw invalid(iss, 'discovery document issuer does not match the token issuer');
  const jwksUri = d['jwks_uri'];
  if (typeof jwksUri !== 'string' || !URL.canParse(jwksUri) || !isAllowedUrl(new URL(jwksUri))) {
    throw invalid(iss, 'discovery document has no usable https jwks_uri');
  }
  const advertised = Array.isArray(d['id_token_signing_alg_values_supported'])
    ? (d['id_token_signing_alg_values_supported'] as unknown[])
    : [];
  const algorithms = SUPPORTED_ALGORITHMS.filter((a) => advertised.includes(a));
  return { issuer: iss, jwksUri, algorithms: algorithms.length > 0 ? algorithms : ['RS256'] };
}

function invalid(iss: string, detail: string): OidcError {
  return new OidcError(
    'DISCOVERY_FAILED',
    `OIDC discovery for ${showIssuer(iss)} failed: ${detail}`,
  );
}
