// URL pieces read the way Go's net/url does (no WHATWG normalisation), for the checks fulcio makes
// in `pkg/config/config.go` and the uri principal.

export interface UrlParts {
  /** Lower-cased scheme, or '' when the string has none. */
  readonly scheme: string;
  /** Host with port, as written ('' when there is no `//authority`). */
  readonly host: string;
  /** Host without port and brackets. */
  readonly hostname: string;
}

export function urlParts(s: string): UrlParts {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(s);
  if (!m) return { scheme: '', host: '', hostname: '' };
  // Both groups are mandatory, so a match always has them.
  const rest = m[2]!;
  const scheme = m[1]!.toLowerCase();
  if (!rest.startsWith('//')) return { scheme, host: '', hostname: '' };
  const authority = /^\/\/([^/?#]*)/.exec(rest)![1]!;
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  let hostname = host;
  if (host.startsWith('['))
    hostname = host.slice(1, host.indexOf(']') < 0 ? undefined : host.indexOf(']'));
  else if (host.includes(':')) hostname = host.slice(0, host.lastIndexOf(':'));
  return { scheme, host, hostname };
}

/** 127.0.0.0/8, ::1 or localhost: the only hosts a plain-http issuer may use. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return v4 !== null && v4.slice(1).every((o) => Number(o) <= 255);
}

/**
 * fulcio `validateAllowedDomain`: equal hostnames, or the same top- and second-level labels
 * (e.g. users.example.com vs accounts.example.com). Returns an error detail or undefined.
 */
export function disallowedDomain(
  subjectHostname: string,
  issuerHostname: string,
): string | undefined {
  if (subjectHostname === issuerHostname) return undefined;
  const s = subjectHostname.split('.');
  const i = issuerHostname.split('.');
  if (s.length < 2) return `hostname too short: ${subjectHostname}`;
  if (i.length < 2) return `hostname too short: ${issuerHostname}`;
  if (s.at(-1) === i.at(-1) && s.at(-2) === i.at(-2)) return undefined;
  return `top-level and second-level domains of ${subjectHostname} and ${issuerHostname} do not match`;
}

/** Go `url.JoinPath` for a base URL and one element: joined, `.`/`..` resolved, trailing slash kept. */
export function joinPath(base: string, elem: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*)([^?#]*)$/.exec(base);
  const origin = m ? m[1] : base;
  const basePath = m ? m[2] : '';
  const joined = `${basePath}/${elem}`;
  const out: string[] = [];
  for (const seg of joined.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  const trailing = elem.endsWith('/') && out.length > 0 ? '/' : '';
  return `${origin}/${out.join('/')}${trailing}`;
}
