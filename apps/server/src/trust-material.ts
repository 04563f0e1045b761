import { X509Certificate } from 'node:crypto';
import type { TrustMaterial } from '@sigstead/util-tuf';

/** The public material of the services one process runs, as they are reached from outside. */
export interface PublishedMaterial {
  ca?: { readonly url: string; readonly chain: readonly Buffer[] };
  ctlog?: { readonly url: string; readonly spki: Buffer };
  rekor?: { readonly url: string; readonly spki: Buffer };
  oidcUrl?: string;
}

/**
 * What goes into the trust root. A CA is valid from the latest `notBefore` of its chain (it cannot
 * have issued anything earlier); a log key and the identity provider from now, since a service
 * registers before it takes requests.
 */
export function trustMaterialOf(p: PublishedMaterial, now: Date): Omit<TrustMaterial, 'validTo'>[] {
  const out: Omit<TrustMaterial, 'validTo'>[] = [];
  if (p.ca) {
    const notBefore = Math.max(
      ...p.ca.chain.map((der) => Date.parse(new X509Certificate(der).validFrom)),
    );
    out.push({ kind: 'ca', url: p.ca.url, der: [...p.ca.chain], validFrom: new Date(notBefore) });
  }
  if (p.ctlog) out.push({ kind: 'ctlog', url: p.ctlog.url, der: [p.ctlog.spki], validFrom: now });
  if (p.rekor) out.push({ kind: 'tlog', url: p.rekor.url, der: [p.rekor.spki], validFrom: now });
  if (p.oidcUrl) out.push({ kind: 'oidc', url: p.oidcUrl, der: [], validFrom: now });
  return out;
}
