import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import {
  ERROR_CLASSIFIER,
  ERROR_PRESENTER,
  GlobalExceptionFilter,
  jsonErrorPresenter,
  type ErrorClassifier,
  type ErrorPresenter,
} from './errors.js';
import { HealthController } from './health.controller.js';

export interface PlatformOptions {
  readonly classify: ErrorClassifier;
  readonly presenter?: ErrorPresenter;
}

/** Per-service HTTP plumbing: `/healthz` and the global exception filter with the service's mapping. */
@Module({})
export class PlatformModule {
  static forService(options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      controllers: [HealthController],
      providers: [
        { provide: ERROR_CLASSIFIER, useValue: options.classify },
        { provide: ERROR_PRESENTER, useValue: options.presenter ?? jsonErrorPresenter },
        { provide: APP_FILTER, useClass: GlobalExceptionFilter },
      ],
    };
  }
}
