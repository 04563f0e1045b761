import type { DynamicModule, INestApplication, LoggerService, Type } from '@nestjs/common';
import { ModuleRef, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server, ServerResponse } from 'node:http';
import express from 'express';
import { DIRECT_ROUTES, mountDirectRoutes, type DirectRoute } from './direct-routes.js';
import { ERROR_CLASSIFIER, ERROR_PRESENTER, jsonErrorPresenter } from './errors.js';

export interface HttpServiceOptions {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly maxBodyBytes: number;
  readonly logger?: LoggerService | false;
  /** Allow cross-origin requests (the upstream gateways answer CORS allow-all). */
  readonly cors?: boolean;
}

export interface RunningService {
  readonly name: string;
  readonly app: INestApplication;
  /** The bound address, e.g. http://127.0.0.1:5555 (the real port when 0 was asked for). */
  readonly url: string;
  close(): Promise<void>;
}

/** Creates and starts one service's HTTP app: JSON bodies up to the limit, keep-alive tuned for clients. */
export async function startHttpService(
  module: Type<unknown> | DynamicModule,
  options: HttpServiceOptions,
): Promise<RunningService> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bodyParser: false,
    logger: options.logger ?? ['error', 'warn'],
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.set('etag', false);
  if (options.cors) app.enableCors();
  // Bodies are JSON whatever the Content-Type says (clients differ); an empty body is `{}`.
  app.use(express.json({ limit: options.maxBodyBytes, type: () => true, strict: true }));
  // No enableShutdownHooks(): the process entry point owns the signals and closes every app.
  mountDirectRoutes(app.getHttpServer(), provided<DirectRoute[]>(app, DIRECT_ROUTES) ?? [], {
    maxBodyBytes: options.maxBodyBytes,
    classify: provided(app, ERROR_CLASSIFIER) ?? (() => undefined),
    presenter: provided(app, ERROR_PRESENTER) ?? jsonErrorPresenter,
    // What enableCors() answers on a simple request.
    headers: options.cors ? { 'Access-Control-Allow-Origin': '*' } : undefined,
  });
  try {
    await app.listen(options.port, options.host);
  } catch (err) {
    await app.close().catch(() => undefined);
    throw err;
  }
  const server = app.getHttpServer();
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 60_000;
  const drain = drainOnClose(server);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    name: options.name,
    app,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    close: () => drain(() => app.close()),
  };
}

const DRAIN_POLL_MS = 100;
const DRAIN_DEADLINE_MS = 10_000;

/**
 * `server.close()` only stops listening and closes connections idle at that instant; busy
 * keep-alive connections would be reused for as long as clients keep sending. While closing, every
 * response says `Connection: close` and idle connections are closed as they appear, so a loaded
 * server finishes its in-flight requests and exits; connections still open at the deadline are
 * cut.
 */
function drainOnClose(server: Server): (close: () => Promise<void>) => Promise<void> {
  let closing = false;
  server.prependListener('request', (_req, res: ServerResponse) => {
    if (closing && !res.headersSent) res.setHeader('Connection', 'close');
  });
  return async (close) => {
    closing = true;
    const poll = setInterval(() => server.closeIdleConnections(), DRAIN_POLL_MS);
    const deadline = setTimeout(() => server.closeAllConnections(), DRAIN_DEADLINE_MS);
    try {
      await close();
    } finally {
      clearInterval(poll);
      clearTimeout(deadline);
    }
  };
}

/** A provider of any module in the app, or undefined when none is registered under `token`. */
function provided<T>(app: INestApplication, token: symbol): T | undefined {
  try {
    // Through ModuleRef: a miss on the application proxy is logged as an error before it throws.
    return app.get(ModuleRef).get<T>(token, { strict: false });
  } catch {
    return undefined;
  }
}
