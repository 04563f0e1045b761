// A worker for the pool's tests: each input names what to do.
import { threadId } from 'node:worker_threads';
import { serveBatches } from '@sigstead/worker-pool';

serveBatches(
  async (input) => {
    switch (input.op) {
      case 'double':
        return input.n * 2;
      case 'thread':
        return threadId;
      case 'bytes':
        return Buffer.from([1, 2, 3]);
      case 'throw': {
        const error = new Error(`cannot take ${input.n}`);
        error.name = 'TaskError';
        error.code = 'BAD_INPUT';
        throw error;
      }
      case 'spin': {
        const until = Date.now() + input.ms;
        while (Date.now() < until);
        return 'spun';
      }
      case 'wait':
        return await new Promise((resolve) => setTimeout(() => resolve('waited'), input.ms));
      case 'function':
        return () => 1; // not cloneable: the answer cannot be posted
      case 'exit':
        process.exit(3);
    }
    throw new Error(`unknown op ${input.op}`);
    // Slices of 20 ms: inputs that take far less stay in one answer, 30 ms spins each get their own.
  },
  { sliceMs: 20 },
);
