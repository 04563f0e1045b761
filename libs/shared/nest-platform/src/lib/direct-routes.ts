// Direct routes: the few hot endpoints (certificate issuance, log appends, entry reads) answered
// straight from node:http, ahead of Express and Nest's router, which cost more per request than the
// work itself.
// They read the body under the same limit and JSON rules as the app, and answer errors through the
// same classifier and presenter as the global exception filter, so clients cannot tell the difference.
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import { sendError, type ErrorClassifier, type ErrorPresenter } from './errors.js';

export interface DirectRequest {
  /** The parsed JSON body (`{}` when empty, and for GET). */
  readonly body: unknown;
  readonly headers: IncomingHttpHeaders;
  /** The raw query string after `?` (`''` when none). */
  readonly query: string;
}

export interface DirectReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string | Buffer;
  /**
   * The body is a string of ASCII characters only, so its length is its size in bytes and its
   * characters are its bytes: it is sent without being measured and encoded as UTF-8 (~1–2 µs
   * for an entry reply of ~2.5 KB, 3–4 % of an entry read). Only for text ASCII by construction.
   */
  readonly ascii?: boolean;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface DirectRoute {
  readonly method: 'POST' | 'GET';
  /** Exact path. Without `query`, a request with a query string does not match. */
  readonly path: string;
  /**
   * The raw query strings this route answers, e.g. `/^logIndex=[0-9]{1,19}$/`; the path without
   * a query, and any other query (repeated or extra parameters, escapes), go through the app.
   */
  readonly query?: RegExp;
  handle(request: DirectRequest): Promise<DirectReply>;
}

/** Provider token: a module lists its direct routes under it; `startHttpService` mounts them. */
export const DIRECT_ROUTES = Symbol('DIRECT_ROUTES');

/** A JSON reply as Express's `res.json` would send it. */
export function jsonReply(status: number, value: unknown): DirectReply {
  return jsonTextReply(status, JSON.stringify(value));
}

/** A JSON reply whose text the caller wrote. */
export function jsonTextReply(status: number, json: string): DirectReply {
  return { status, contentType: 'application/json; charset=utf-8', body: json };
}

/** A JSON reply whose text the caller wrote with ASCII characters only (see `DirectReply.ascii`). */
export function asciiJsonTextReply(status: number, json: string): DirectReply {
  return { ...jsonTextReply(status, json), ascii: true };
}

/** A body-parser-shaped failure, so the error mapping treats it exactly as the app's parser's. */
class BodyError extends Error {
  override readonly name = 'BodyError';
  constructor(readonly type: 'entity.too.large' | 'entity.parse.failed') {
    super(type);
  }
}

export interface DirectRouteOptions {
  readonly maxBodyBytes: number;
  readonly classify: ErrorClassifier;
  readonly presenter: ErrorPresenter;
  /** Extra headers on every direct reply (CORS). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Puts `routes` in front of the server's current request listener (the Express app). Requests with a
 * compressed body are left to the app, whose parser inflates them.
 */
export function mountDirectRoutes(
  server: Server,
  routes: readonly DirectRoute[],
  options: DirectRouteOptions,
): void {
  if (routes.length === 0) return;
  const table = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));
  const app = server.listeners('request') as ((
    req: IncomingMessage,
    res: ServerResponse,
  ) => void)[];
  const logger = new Logger('http');
  const common = Object.entries(options.headers ?? {}).flat();
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const { route, query } = match(table, req.method, req.url ?? '');
    const encoding = req.headers['content-encoding'];
    if (!route || (encoding !== undefined && encoding !== 'identity')) {
      for (const listener of app) listener.call(server, req, res);
      return;
    }
    (route.method === 'GET' ? Promise.resolve({}) : readJson(req, options.maxBodyBytes))
      .then((body) => route.handle({ body, headers: req.headers, query }))
      .then((reply) => {
        // Status and headers in one writeHead call with a flat list, instead of a setHeader call
        // (and an entry in the response's header map) per header.
        const headers = [...common];
        for (const [k, v] of Object.entries(reply.headers ?? {})) headers.push(k, v);
        headers.push('Content-Type', reply.contentType);
        const { body } = reply;
        if (reply.ascii && typeof body === 'string') {
          headers.push('Content-Length', String(body.length));
          res.writeHead(reply.status, headers);
          res.end(body, 'latin1');
          return;
        }
        headers.push('Content-Length', String(Buffer.byteLength(body)));
        res.writeHead(reply.status, headers);
        res.end(body);
      })
      .catch((error: unknown) => {
        for (const [k, v] of Object.entries(options.headers ?? {})) res.setHeader(k, v);
        sendError(res, error, options, logger);
      });
  });
}

function match(
  table: ReadonlyMap<string, DirectRoute>,
  method: string | undefined,
  url: string,
): { route?: DirectRoute; query: string } {
  const at = url.indexOf('?');
  if (at < 0) {
    const route = table.get(`${method} ${url}`);
    return { route: route?.query ? undefined : route, query: '' };
  }
  const route = table.get(`${method} ${url.slice(0, at)}`);
  const query = url.slice(at + 1);
  return { route: route?.query?.test(query) ? route : undefined, query };
}

/**
 * Reads a JSON body like `express.json({ strict: true })`: objects and arrays only, empty is `{}`.
 * An oversize body is read to its end and dropped, as body-parser does, so the client (still
 * writing) gets the answer instead of a reset connection; no more than `limit` bytes are kept.
 */
function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let tooLarge = Number(req.headers['content-length'] ?? 0) > limit;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      length += chunk.length;
      if (length > limit) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (tooLarge) return reject(new BodyError('entity.too.large'));
      const text = Buffer.concat(chunks).toString('utf8');
      const first = text.trimStart()[0];
      if (first === undefined) return resolve({});
      if (first !== '{' && first !== '[') return reject(new BodyError('entity.parse.failed'));
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new BodyError('entity.parse.failed'));
      }
    });
  });
}
