export {
  bodyParserErrorType,
  ERROR_CLASSIFIER,
  ERROR_PRESENTER,
  GlobalExceptionFilter,
  jsonErrorPresenter,
  OVERLOADED,
  type ErrorClassifier,
  type ErrorPresenter,
  type ErrorReply,
} from './lib/errors.js';
export {
  DIRECT_ROUTES,
  jsonReply,
  jsonTextReply,
  asciiJsonTextReply,
  type DirectReply,
  type DirectRequest,
  type DirectRoute,
} from './lib/direct-routes.js';
export { HealthController } from './lib/health.controller.js';
export { PlatformModule, type PlatformOptions } from './lib/platform.module.js';
export {
  startHttpService,
  type HttpServiceOptions,
  type RunningService,
} from './lib/http-service.js';
