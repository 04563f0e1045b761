import { STATUS_CODES } from 'node:http';
import { Module, type DynamicModule } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import type { Signer } from '@sigstead/data-access-keys';
import { LogError } from '@sigstead/data-access-tlog';
import { CtError } from '@sigstead/util-ct';
import {
  OVERLOADED,
  PlatformModule,
  type ErrorPresenter,
  type ErrorReply,
} from '@sigstead/nest-platform';
import { CtLogController } from './ct-log.controller.js';
import { CtLogService } from './ct-log.service.js';
import { CtLogError } from './error.js';
import {
  CT_LOG_SETTINGS,
  CT_LOG_SIGNER,
  CT_LOG_STORE,
  type CtLogSettings,
  type CtLogStore,
} from './ports.js';

export interface CtLogModuleOptions {
  readonly prefix: string;
  readonly store: CtLogStore;
  readonly signer: Signer;
  readonly settings: CtLogSettings;
}

/**
 * ctfe answers errors through Go's `http.Error`: plain text, the status's name and the detail on
 * lines of their own, and `nosniff`.
 */
const textPresenter: ErrorPresenter = {
  contentType: 'text/plain; charset=utf-8',
  headers: { 'X-Content-Type-Options': 'nosniff' },
  body: (reply) => `${STATUS_CODES[reply.status] ?? 'Error'}\n${reply.message}\n`,
};

export function classifyCtError(error: unknown): ErrorReply | undefined {
  if (error instanceof CtLogError) {
    if (error.code === 'NOT_FOUND') return { status: 404, message: error.message };
    if (error.code === 'METHOD_NOT_ALLOWED') return { status: 405, message: error.message };
    if (error.code === 'PUSHBACK') return OVERLOADED;
    return { status: 400, message: error.message };
  }
  // Malformed certificates and back-pressure surface from the libs below the service.
  if (error instanceof CtError) {
    // A failing log key is the server's fault; everything else CtError reports is about the input.
    return error.code === 'SIGNING_FAILED' ? undefined : { status: 400, message: error.message };
  }
  // A full queue sheds load; a log closing at shutdown asks for a retry (on another replica).
  if (error instanceof LogError && (error.code === 'PUSHBACK' || error.code === 'CLOSED'))
    return OVERLOADED;
  if (error instanceof LogError && error.code === 'NOT_FOUND')
    return { status: 404, message: 'not found' };
  return undefined;
}

@Module({})
class CtLogRoutesModule {}

@Module({})
export class CtLogModule {
  static register(options: CtLogModuleOptions): DynamicModule {
    const routes: DynamicModule = {
      module: CtLogRoutesModule,
      controllers: [CtLogController],
      providers: [
        { provide: CT_LOG_STORE, useValue: options.store },
        { provide: CT_LOG_SIGNER, useValue: options.signer },
        { provide: CT_LOG_SETTINGS, useValue: options.settings },
        CtLogService,
      ],
      exports: [CtLogService],
    };
    return {
      module: CtLogModule,
      imports: [
        PlatformModule.forService({ classify: classifyCtError, presenter: textPresenter }),
        routes,
        RouterModule.register([{ path: options.prefix, module: CtLogRoutesModule }]),
      ],
    };
  }
}
