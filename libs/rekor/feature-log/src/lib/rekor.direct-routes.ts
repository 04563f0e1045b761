import { jsonReply, type DirectRoute } from '@sigstead/nest-platform';
import type { RekorService } from './rekor.service.js';

/** The write endpoint, served ahead of the router with the controller's status and headers. */
export function rekorDirectRoutes(rekor: RekorService): DirectRoute[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/log/entries',
      handle: async ({ body }) => {
        const { id, entry } = await rekor.createEntry(body);
        return { ...jsonReply(201, entry), headers: { Location: rekor.location(id), ETag: id } };
      },
    },
  ];
}
