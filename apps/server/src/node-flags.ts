/**
 * The node flags the server runs under: the container image's entrypoint and `npm start` pass
 * them, and the benchmarks start the server with them. Node refuses them in `NODE_OPTIONS`, so
 * they go on the command line; an operator who runs `apps/server/dist/main.js` another way should
 * pass them too.
 *
 * `--initial-old-space-size=256`: V8 skips full collections while the old generation is below
 * 256 MB. The server's live heap is ~40 MB, most of it loaded code, and V8 sizes the old
 * generation's limit from that (~80 MB): less room than the young generation it grows under load
 * (32 MB semi-spaces), so it keeps starting incremental marking, and at 2,500 certificates/s a
 * mark-compact came every ~0.8 s, each pausing the event loop 10–20 ms with all requests in flight
 * and costing ~100 ms of marking on the other core. With the flag, a full collection comes only
 * when Buffers' memory has grown 64 MB, every ~3.5 s. Peak RSS under load grew ~15 MB.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--initial-old-space-size=256'];
