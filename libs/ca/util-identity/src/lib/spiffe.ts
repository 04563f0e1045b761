// SPIFFE ID / trust-domain syntax (SPIFFE-ID spec §2; go-spiffe `spiffeid.TrustDomainFromString`, `FromString`).

const TRUST_DOMAIN = /^[a-z0-9._-]+$/;
const SEGMENT = /^[A-Za-z0-9._-]+$/;

/** The trust-domain name of `td` (accepts `example.org` or `spiffe://example.org`), or undefined. */
export function trustDomainName(td: string): string | undefined {
  const name = td.includes(':/') ? parseSpiffeId(td)?.trustDomain : td;
  return name !== undefined && TRUST_DOMAIN.test(name) ? name : undefined;
}

export function isValidTrustDomain(td: string): boolean {
  return trustDomainName(td) !== undefined;
}

/** Parses `spiffe://<trust-domain>[/<path>]`; undefined when it is not a valid SPIFFE ID. */
export function parseSpiffeId(id: string): { trustDomain: string; path: string } | undefined {
  const m = /^spiffe:\/\/([^/]*)(\/.*)?$/.exec(id);
  if (!m) return undefined;
  const [, trustDomain = '', path = ''] = m;
  if (!TRUST_DOMAIN.test(trustDomain)) return undefined;
  if (path !== '') {
    const segments = path.slice(1).split('/');
    if (segments.some((s) => !SEGMENT.test(s) || s === '.' || s === '..')) return undefined;
  }
  return { trustDomain, path };
}
