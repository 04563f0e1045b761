import { Module, type DynamicModule } from '@nestjs/common';
import type { Signer } from '@sigstead/data-access-keys';
import { LogError } from '@sigstead/data-access-tlog';
import {
  DIRECT_ROUTES,
  OVERLOADED,
  PlatformModule,
  type ErrorReply,
} from '@sigstead/nest-platform';
import { RekorError } from '@sigstead/util-rekor';
import { WorkerPoolError } from '@sigstead/worker-pool';
import { inThreadValidator } from './entry-validator.js';
import { RekorServiceError } from './error.js';
import {
  ENTRY_VALIDATOR,
  REKOR_SETTINGS,
  REKOR_SIGNER,
  REKOR_STORE,
  type EntryValidator,
  type RekorSettings,
  type RekorStore,
} from './ports.js';
import { RekorController } from './rekor.controller.js';
import { rekorDirectRoutes } from './rekor.direct-routes.js';
import { RekorService } from './rekor.service.js';

export interface RekorModuleOptions {
  readonly store: RekorStore;
  readonly signer: Signer;
  readonly settings: RekorSettings;
  /** Where entries are validated; default: on the event loop. */
  readonly validator?: EntryValidator;
}

const STATUS = {
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY: 422,
  INVALID_PARAMETER: 422,
} as const;

/** Rekor error bodies are `{code, message}` with the HTTP status as code (the default presenter). */
export function classifyRekorError(error: unknown): ErrorReply | undefined {
  if (error instanceof RekorServiceError) {
    return {
      status: STATUS[error.code],
      message: error.message,
      headers: error.headers,
      code: error.bodyCode,
    };
  }
  if (error instanceof RekorError) {
    return { status: 400, message: `error processing entry: ${error.message}` };
  }
  if (error instanceof LogError) {
    // A full queue sheds load; a log closing at shutdown asks for a retry (on another replica).
    if (error.code === 'PUSHBACK' || error.code === 'CLOSED') return OVERLOADED;
    if (error.code === 'NOT_FOUND') return { status: 404, message: 'not found' };
    if (error.code === 'INVALID_ARGUMENT') return { status: 400, message: error.message };
  }
  // Validation threads: a full queue sheds load, and a pool closing at shutdown asks for a retry.
  if (error instanceof WorkerPoolError && error.code !== 'WORKER_FAILED') return OVERLOADED;
  return undefined;
}

@Module({})
export class RekorModule {
  static register(options: RekorModuleOptions): DynamicModule {
    return {
      module: RekorModule,
      imports: [PlatformModule.forService({ classify: classifyRekorError })],
      controllers: [RekorController],
      providers: [
        { provide: REKOR_STORE, useValue: options.store },
        { provide: REKOR_SIGNER, useValue: options.signer },
        { provide: REKOR_SETTINGS, useValue: options.settings },
        { provide: ENTRY_VALIDATOR, useValue: options.validator ?? inThreadValidator },
        RekorService,
        { provide: DIRECT_ROUTES, useFactory: rekorDirectRoutes, inject: [RekorService] },
      ],
    };
  }
}
