import type { DirectRoute } from '@sigstead/nest-platform';
import { jsonReply } from '@sigstead/nest-platform';
import { v1Response, v2Response } from './fulcio.controller.js';
import type { IssuanceService } from './issuance.service.js';
import { parseV1Request, parseV2Request } from './signing-request.js';

/**
 * The two issuance endpoints, served ahead of the router with the controller's statuses, headers and
 * bodies (the controller keeps them for requests the fast path leaves to the app).
 */
export function fulcioDirectRoutes(issuance: IssuanceService): DirectRoute[] {
  return [
    {
      method: 'POST',
      path: '/api/v2/signingCert',
      handle: async ({ body, headers }) =>
        jsonReply(
          200,
          v2Response(await issuance.issue(parseV2Request(body, headers.authorization))),
        ),
    },
    {
      method: 'POST',
      path: '/api/v1/signingCert',
      handle: async ({ body, headers }) => ({
        status: 201,
        contentType: 'application/pem-certificate-chain',
        body: v1Response(await issuance.issue(parseV1Request(body, headers.authorization))),
      }),
    },
  ];
}
