import {
  Catch,
  HttpException,
  Inject,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { ServerResponse } from 'node:http';

/** What a service answers for an error: a status and a client-safe message (never the cause). */
export interface ErrorReply {
  readonly status: number;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** The code a `{code, message}` body carries when it is not the status (go-openapi's 6xx). */
  readonly code?: number;
}

/** Maps a service's typed domain errors to replies; `undefined` means "not mine" (→ 500). */
export type ErrorClassifier = (error: unknown) => ErrorReply | undefined;

/** Renders the body a service's clients expect (Fulcio `{code, message, details}`, Rekor `{code, message}`). */
export interface ErrorPresenter {
  readonly contentType: string;
  /** Headers every error reply carries. */
  readonly headers?: Readonly<Record<string, string>>;
  body(reply: ErrorReply): string;
}

export const ERROR_CLASSIFIER = Symbol('ERROR_CLASSIFIER');
export const ERROR_PRESENTER = Symbol('ERROR_PRESENTER');

/** Back-pressure from a log engine: clients retry (Tessera's ErrPushback → 503 + Retry-After). */
export const OVERLOADED: ErrorReply = {
  status: 503,
  message: 'log is overloaded, retry later',
  headers: { 'Retry-After': '1' },
};

export const jsonErrorPresenter: ErrorPresenter = {
  contentType: 'application/json',
  body: ({ status, message, code }) => JSON.stringify({ code: code ?? status, message }),
};

/**
 * The one exception filter of every app. Controllers never catch; domain code throws typed errors; this
 * maps them. Clients get constant messages, logs get the cause (warn for 4xx, error for 5xx).
 */
@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  constructor(
    @Inject(ERROR_CLASSIFIER) readonly classify: ErrorClassifier,
    @Inject(ERROR_PRESENTER) readonly presenter: ErrorPresenter,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    sendError(host.switchToHttp().getResponse<ServerResponse>(), error, this, this.logger);
  }
}

/**
 * Answers `error` on `res`: the classifier's reply (or a transport / internal one) in the presenter's
 * body. Shared by the exception filter and the direct routes, so both answer and log alike.
 */
export function sendError(
  res: ServerResponse,
  error: unknown,
  mapping: { readonly classify: ErrorClassifier; readonly presenter: ErrorPresenter },
  logger: Pick<Logger, 'error' | 'warn'>,
): void {
  const reply = mapping.classify(error) ?? transportReply(error) ?? INTERNAL;
  if (reply.status >= 500) logger.error(describe(error), (error as Error)?.stack);
  else logger.warn(`${reply.status} ${describe(error)}`);
  if (res.headersSent) return;
  res.statusCode = reply.status;
  for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
  for (const [k, v] of Object.entries(mapping.presenter.headers ?? {})) res.setHeader(k, v);
  res.setHeader('Content-Type', mapping.presenter.contentType);
  res.end(mapping.presenter.body(reply));
}

const INTERNAL: ErrorReply = { status: 500, message: 'internal error' };

/**
 * The body-parser failure behind an error (`entity.too.large`, `entity.parse.failed`, …), if any. Nest
 * wraps those in an HttpException whose cause is the http-errors original.
 */
export function bodyParserErrorType(error: unknown): string | undefined {
  const parser = (error instanceof HttpException ? error.cause : error) as
    { type?: unknown } | undefined;
  return typeof parser?.type === 'string' && parser.type.startsWith('entity.')
    ? parser.type
    : undefined;
}

/** Errors raised by the HTTP layer itself: unknown routes, body-parser failures, oversize bodies. */
function transportReply(error: unknown): ErrorReply | undefined {
  const parserError = bodyParserErrorType(error);
  if (parserError === 'entity.too.large') return { status: 413, message: 'request body too large' };
  if (parserError) return { status: 400, message: 'request body is not valid JSON' };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return { status, message: status === 404 ? 'not found' : error.message };
  }
  return undefined;
}

function describe(error: unknown): string {
  // A body-parser error quotes the start of the body; bodies can hold tokens, so log only its kind.
  const parserError = bodyParserErrorType(error);
  if (parserError) return `body rejected (${parserError})`;
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e && depth < 5; depth++) {
    parts.push(e instanceof Error ? `${e.name}: ${e.message}` : JSON.stringify(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.join(' <- ');
}
