import { dirname, join } from 'node:path';

/**
 * How each Sigstore client is pointed at one sigstead instance: the shell variables `sigstead env`
 * exports and the commands the server's start banner and `sigstead env` print. Every client
 * bootstraps trust from the TUF root alone; the URLs come from the signing config it distributes.
 */

/** The public URLs of an instance, as clients use them. */
export interface ClientEndpoints {
  /** The TUF mirror (every client bootstraps from `<tuf>/root.json`). */
  readonly tuf: string;
  /** A local copy of a trusted `root.json`. */
  readonly rootFile: string;
  /** Where cosign keeps its TUF cache for this instance (cosign's `TUF_ROOT`). */
  readonly tufCache: string;
  readonly fulcio?: string;
  readonly rekor?: string;
  /** The OIDC issuer whose tokens the CA accepts (`--certificate-oidc-issuer`). */
  readonly issuer?: string;
  /** Set when `issuer` is the development issuer, which mints tokens on request. */
  readonly devIssuer?: boolean;
}

/**
 * A service URL fit to print into shell commands and comments: http(s), no credentials, nothing
 * but URL characters (so a signing config cannot smuggle a line break into `eval "$(sigstead env)"`).
 * Anything else is an error naming the field.
 */
export function printableUrl(value: string, field: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${field} is not a URL`);
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.username ||
    url.password ||
    !/^[A-Za-z0-9\-._~:/?#[\]@!$&()*+,;=%]+$/.test(value)
  ) {
    throw new Error(`${field} is not a plain http(s) URL: ${JSON.stringify(value)}`);
  }
  return value.replace(/\/+$/, '');
}

/** cosign's TUF cache (`TUF_ROOT`) for the instance whose trusted root is kept at `rootFile`. */
export function cosignCacheFor(rootFile: string): string {
  return join(dirname(rootFile), 'cosign-tuf');
}

/** The variables `eval "$(sigstead env)"` sets, in a stable order. */
export function clientVariables(e: ClientEndpoints): [name: string, value: string][] {
  const vars: [string, string | undefined][] = [
    ['SIGSTEAD_TUF_URL', e.tuf],
    ['SIGSTEAD_ROOT', e.rootFile],
    ['SIGSTEAD_FULCIO_URL', e.fulcio],
    ['SIGSTEAD_REKOR_URL', e.rekor],
    ['SIGSTEAD_ISSUER', e.issuer],
    // Where `sigstead token` asks for development tokens.
    ['SIGSTEAD_DEV_ISSUER', e.devIssuer ? e.issuer : undefined],
    // cosign's TUF cache: kept apart, so initializing against this instance leaves the cache of
    // any other instance (e.g. the public-good one in ~/.sigstore) untouched.
    ['TUF_ROOT', e.tufCache],
  ];
  return vars.filter((v): v is [string, string] => v[1] !== undefined);
}

/** POSIX shell `export` lines for the variables (values single-quoted). */
export function shellExports(e: ClientEndpoints): string[] {
  return clientVariables(e).map(([name, value]) => `export ${name}=${shellQuote(value)}`);
}

/** Quotes a value for a POSIX shell: bare when it is plainly safe, else single-quoted. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * Lines of a guide: `# …` lines are headings, empty lines separate clients, the rest are commands
 * (shell, except sigstore-js's JavaScript).
 */
export type GuideLine = string;

/**
 * Copy-paste setup for cosign v3 and v2, sigstore-python and sigstore-js, written against the
 * variables of `clientVariables` (so it reads the same in the banner and in `sigstead env`).
 */
export function clientGuide(e: ClientEndpoints, identity = 'you@example.com'): GuideLine[] {
  const who = shellQuote(identity);
  const expect = `--certificate-identity ${who} --certificate-oidc-issuer "$SIGSTEAD_ISSUER"`;
  const js = (value: string | undefined) => (value === undefined ? '…' : JSON.stringify(value));
  const exactly = '^' + identity.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$';
  const token = e.devIssuer
    ? [
        '# an identity token from the development issuer (valid 10 minutes)',
        `npx sigstead token --email ${who} > token.txt`,
      ]
    : ['# an identity token from your identity provider, saved as token.txt'];
  return [
    ...token,
    '',
    '# an image to sign: any registry you can push to, e.g. docker run -d -p 5000:5000 registry:2',
    'echo hello > artifact',
    'IMAGE=$(cosign upload blob -f artifact localhost:5000/demo)',
    '',
    '# cosign v3 (Fulcio, Rekor and the trust root all come from the TUF repository)',
    'cosign initialize --mirror "$SIGSTEAD_TUF_URL" --root "$SIGSTEAD_ROOT"',
    'cosign sign --yes --identity-token token.txt "$IMAGE"',
    `cosign verify ${expect} "$IMAGE"`,
    'cosign sign-blob --yes --identity-token token.txt --bundle artifact.cosign.json artifact',
    `cosign verify-blob --bundle artifact.cosign.json ${expect} artifact`,
    '',
    '# cosign v2 (Fulcio v1 API and the legacy TUF targets)',
    'cosign initialize --mirror "$SIGSTEAD_TUF_URL" --root "$SIGSTEAD_ROOT"',
    'cosign sign --yes --fulcio-url "$SIGSTEAD_FULCIO_URL" --rekor-url "$SIGSTEAD_REKOR_URL" --identity-token token.txt "$IMAGE"',
    `cosign verify --rekor-url "$SIGSTEAD_REKOR_URL" ${expect} "$IMAGE"`,
    '',
    '# sigstore-python (4.x)',
    'sigstore --instance "$SIGSTEAD_TUF_URL" trust-instance "$SIGSTEAD_ROOT"',
    'SIGSTORE_IDENTITY_TOKEN="$(cat token.txt)" sigstore --instance "$SIGSTEAD_TUF_URL" sign --overwrite artifact',
    `sigstore --instance "$SIGSTEAD_TUF_URL" verify identity --cert-identity ${who} --cert-oidc-issuer "$SIGSTEAD_ISSUER" artifact`,
    '',
    '# sigstore-js (npm i sigstore); certificateIdentityEmail is a regular expression: anchor it',
    `sign(data, { fulcioURL: ${js(e.fulcio)}, rekorURL: ${js(e.rekor)}, identityToken })`,
    `verify(bundle, data, { tufMirrorURL: ${js(e.tuf)}, tufRootPath: ${js(e.rootFile)},`,
    `  certificateIdentityEmail: ${js(exactly)}, certificateIssuer: ${js(e.issuer)} })`,
  ].map(oneLine);
}

/** Control characters (line breaks above all) never reach a printed line. */
function oneLine(line: string): string {
  return line.replace(/[\u0000-\u001f\u007f]/g, '?');
}
