import { Module, type DynamicModule } from '@nestjs/common';
import type { Signer } from '@sigstead/data-access-keys';
import { PlatformModule } from '@sigstead/nest-platform';
import { DevIssuerController } from './dev-issuer.controller.js';
import { DevIssuerService, type DevIssuerSettings } from './dev-issuer.service.js';
import { DevIssuerError } from './error.js';

@Module({})
export class DevIssuerModule {
  static register(settings: DevIssuerSettings, signer: Signer): DynamicModule {
    return {
      module: DevIssuerModule,
      imports: [
        PlatformModule.forService({
          classify: (e) =>
            e instanceof DevIssuerError ? { status: 400, message: e.message } : undefined,
        }),
      ],
      controllers: [DevIssuerController],
      providers: [{ provide: DevIssuerService, useValue: new DevIssuerService(settings, signer) }],
    };
  }
}
