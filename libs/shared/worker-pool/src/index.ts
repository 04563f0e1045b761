export { BatchWorkerPool, type WorkerPoolOptions } from './lib/pool.js';
export { serveBatches, type ServeOptions } from './lib/serve.js';
export { WorkerPoolError, type SerializedError, type WorkerPoolErrorCode } from './lib/error.js';
export { asBuffer, defaultThreadCount } from './lib/threads.js';
