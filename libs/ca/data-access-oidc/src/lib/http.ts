// GET-a-JSON-document for discovery and JWKS, with the transport rules of fulcio's issuer HTTP client
// (`pkg/config/config.go` httpClientForIssuer / noRedirectClient): redirects only within the same host,
// a per-issuer extra CA (node's fetch cannot take one, so such issuers go through node:https), an
// optional bearer token sent only to the issuer's own host, a timeout and a response size cap.
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import { isLoopbackHost } from '@sigstead/util-identity';

/** The subset of the WHATWG fetch signature we use (globalThis.fetch fits). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface GetJsonOptions {
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** PEM CA certificate(s) trusted in addition to the system roots. */
  readonly ca?: string;
  /** Sent as `Authorization: Bearer` only to `host` (in-cluster Kubernetes discovery). */
  readonly bearer?: { readonly token: string; readonly host: string };
}

interface RawResponse {
  readonly status: number;
  readonly location?: string;
  readonly body?: Buffer;
}

const MAX_REDIRECTS = 10;

/** https, or plain http to a loopback host. */
export function isAllowedUrl(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname.replace(/^\[|\]$/g, ''));
}

/** GETs `url` and parses the JSON body; throws Error with a safe message on any failure. */
export async function getJson(url: string, o: GetJsonOptions): Promise<unknown> {
  const signal = AbortSignal.timeout(o.timeoutMs);
  const first = new URL(url);
  let current = first;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (!isAllowedUrl(current)) throw new Error(`refusing non-https URL ${current.origin}`);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (o.bearer && current.host === o.bearer.host)
      headers['authorization'] = `Bearer ${o.bearer.token}`;
    const res =
      o.ca !== undefined && current.protocol === 'https:'
        ? await nodeGet(current, headers, o.ca, signal, o.maxBytes)
        : await fetchGet(o.fetch, current, headers, signal, o.maxBytes);
    if (res.status >= 300 && res.status < 400 && res.location !== undefined) {
      const next = new URL(res.location, current);
      if (next.host !== first.host)
        throw new Error(`redirect to a different host (${next.host}) refused`);
      current = next;
      continue;
    }
    if (res.status !== 200)
      throw new Error(`${current.origin}${current.pathname} answered HTTP ${res.status}`);
    try {
      return JSON.parse((res.body ?? Buffer.alloc(0)).toString('utf8')) as unknown;
    } catch {
      throw new Error(`${current.origin}${current.pathname} did not return JSON`);
    }
  }
  throw new Error('too many redirects');
}

async function fetchGet(
  fetchImpl: FetchLike,
  url: URL,
  headers: Record<string, string>,
  signal: AbortSignal,
  maxBytes: number,
): Promise<RawResponse> {
  const res = await fetchImpl(url.href, { headers, redirect: 'manual', signal });
  const location = res.headers.get('location') ?? undefined;
  if (res.status >= 300 && res.status < 400) {
    await res.body?.cancel();
    return { status: res.status, ...(location === undefined ? {} : { location }) };
  }
  if (!res.body) return { status: res.status, body: Buffer.alloc(0) };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      await res.body.cancel().catch(() => undefined);
      throw new Error(`response larger than ${maxBytes} bytes`);
    }
    chunks.push(Buffer.from(chunk));
  }
  return { status: res.status, body: Buffer.concat(chunks) };
}

function nodeGet(
  url: URL,
  headers: Record<string, string>,
  ca: string,
  signal: AbortSignal,
  maxBytes: number,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      { method: 'GET', headers, ca: [...rootCertificates, ca], minVersion: 'TLSv1.2', signal },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          res.resume();
          const location = res.headers.location;
          resolve({ status, ...(location === undefined ? {} : { location }) });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.byteLength;
          if (size > maxBytes) {
            res.destroy();
            reject(new Error(`response larger than ${maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolve({ status, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}
