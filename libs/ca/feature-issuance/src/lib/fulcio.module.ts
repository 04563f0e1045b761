import {
  MethodNotAllowedException,
  Module,
  NotFoundException,
  type DynamicModule,
} from '@nestjs/common';
import {
  bodyParserErrorType,
  DIRECT_ROUTES,
  PlatformModule,
  type ErrorPresenter,
  type ErrorReply,
} from '@sigstead/nest-platform';
import { WorkerPoolError } from '@sigstead/worker-pool';
import { FulcioError, GRPC_INTERNAL, GRPC_INVALID_ARGUMENT } from './error.js';
import { FulcioController } from './fulcio.controller.js';
import { fulcioDirectRoutes } from './fulcio.direct-routes.js';
import { IssuanceService } from './issuance.service.js';
import { inThreadKeyProof } from './key-proof.js';
import {
  CERTIFICATE_AUTHORITY,
  ISSUANCE_SETTINGS,
  KEY_PROOF,
  TOKEN_VERIFIER,
  type IssuanceDeps,
} from './ports.js';

const RETRY = { 'Retry-After': '1' } as const;

/** grpc-gateway error bodies: `{"code": <grpc code>, "message": "...", "details": []}`. */
export const fulcioErrorPresenter: ErrorPresenter = {
  contentType: 'application/json',
  body: ({ status, message, code }) =>
    JSON.stringify({
      code: code ?? (status >= 500 ? GRPC_INTERNAL : status === 404 ? 5 : GRPC_INVALID_ARGUMENT),
      message,
      details: [],
    }),
};

export function classifyFulcioError(error: unknown): ErrorReply | undefined {
  if (error instanceof FulcioError) {
    return { status: error.internal ? 500 : 400, message: error.clientMessage };
  }
  // Key-proof threads: a full queue sheds load, and a pool closing at shutdown asks for a retry.
  if (error instanceof WorkerPoolError && error.code !== 'WORKER_FAILED') {
    return { status: 503, message: 'the CA is overloaded, retry later', headers: RETRY };
  }
  // grpc-gateway's routing errors: an unknown path is NotFound, another method on a known path
  // Unimplemented (501).
  if (error instanceof NotFoundException) return { status: 404, message: 'Not Found', code: 5 };
  if (error instanceof MethodNotAllowedException) {
    return { status: 501, message: 'Method Not Allowed', code: 12 };
  }
  // Upstream reads bodies through http.MaxBytesReader: an oversize body fails the decode with 400.
  if (bodyParserErrorType(error) === 'entity.too.large') {
    return { status: 400, message: 'http: request body too large' };
  }
  return undefined;
}

@Module({})
export class FulcioModule {
  static register(deps: IssuanceDeps): DynamicModule {
    return {
      module: FulcioModule,
      imports: [
        PlatformModule.forService({
          classify: classifyFulcioError,
          presenter: fulcioErrorPresenter,
        }),
      ],
      controllers: [FulcioController],
      providers: [
        { provide: TOKEN_VERIFIER, useValue: deps.verifier },
        { provide: CERTIFICATE_AUTHORITY, useValue: deps.ca },
        { provide: ISSUANCE_SETTINGS, useValue: deps.settings },
        { provide: KEY_PROOF, useValue: deps.keyProof ?? inThreadKeyProof },
        IssuanceService,
        { provide: DIRECT_ROUTES, useFactory: fulcioDirectRoutes, inject: [IssuanceService] },
      ],
    };
  }
}
