import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule, type ErrorReply } from '@sigstead/nest-platform';
import { TufError } from '@sigstead/util-tuf';
import { TufServiceError } from './error.js';
import { MirrorService } from './mirror.service.js';
import {
  TUF_KEYS,
  TUF_SETTINGS,
  TUF_STORE,
  type TufKeys,
  type TufSettings,
  type TufStore,
} from './ports.js';
import { TufRepositoryService } from './repository.service.js';
import { TufController } from './tuf.controller.js';

export interface TufModuleOptions {
  readonly store: TufStore;
  readonly keys: TufKeys;
  readonly settings: TufSettings;
}

/** A mirror answers 404 for anything it does not have (never 403: go-tuf ends its root walk only on 404). */
export function classifyTufError(error: unknown): ErrorReply | undefined {
  if (error instanceof TufServiceError && error.code === 'NOT_FOUND') {
    return { status: 404, message: 'not found' };
  }
  if (error instanceof TufServiceError && error.code === 'BAD_REQUEST') {
    return { status: 400, message: error.message };
  }
  if (error instanceof TufError && error.code === 'INVALID_METADATA') {
    return { status: 500, message: 'the repository holds unreadable metadata' };
  }
  return undefined;
}

/** The mirror itself: its catch-all route is registered after the platform's `/healthz`. */
@Module({})
class TufMirrorModule {}

@Module({})
export class TufModule {
  static register(options: TufModuleOptions): DynamicModule {
    return {
      module: TufModule,
      imports: [
        PlatformModule.forService({ classify: classifyTufError }),
        {
          module: TufMirrorModule,
          controllers: [TufController],
          providers: [
            { provide: TUF_STORE, useValue: options.store },
            { provide: TUF_KEYS, useValue: options.keys },
            { provide: TUF_SETTINGS, useValue: options.settings },
            TufRepositoryService,
            MirrorService,
          ],
        },
      ],
    };
  }
}
