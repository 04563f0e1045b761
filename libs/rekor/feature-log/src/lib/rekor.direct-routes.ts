import { asciiJsonTextReply, type DirectRoute } from '@sigstead/nest-platform';
import type { RekorService } from './rekor.service.js';

/**
 * The write endpoint and the entry read by log index (what clients and monitors poll), served
 * ahead of the router with the controller's status, headers and errors. Reads with any other query
 * shape go through the controller, which answers them the same way.
 */
export function rekorDirectRoutes(rekor: RekorService): DirectRoute[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/log/entries',
      handle: async ({ body }) => {
        const entry = await rekor.createEntry(body);
        return {
          ...asciiJsonTextReply(201, rekor.entryText(entry)),
          headers: { Location: rekor.location(entry.id), ETag: entry.id },
        };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/log/entries',
      query: /^logIndex=[0-9]{1,19}$/,
      handle: async ({ query }) =>
        asciiJsonTextReply(
          200,
          rekor.entryText(await rekor.entryByIndex(query.slice('logIndex='.length))),
        ),
    },
  ];
}
