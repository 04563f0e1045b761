import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { startWorker, withoutRefusedFlags, workerExecArgv } from './exec-argv.js';

/** The error Node throws for `execArgv`, whatever it refuses in it. */
function refusal(execArgv: string[]): unknown {
  try {
    const worker = new Worker('', { eval: true, execArgv });
    void worker.terminate();
    return undefined;
  } catch (err) {
    return err;
  }
}

describe('workerExecArgv', () => {
  it('passes flags on without export conditions, in every spelling', () => {
    expect(
      workerExecArgv([
        '--enable-source-maps',
        '--conditions=development',
        '--conditions',
        'development',
        '-C',
        'x',
        '--no-warnings',
      ]),
    ).toEqual(['--enable-source-maps', '--no-warnings']);
  });
});

describe('withoutRefusedFlags', () => {
  it('drops what Node names in its refusal, and keeps the rest', () => {
    const argv = ['--max-old-space-size=512', '--enable-source-maps', '--title=sigstead'];
    const err = refusal(argv);
    expect((err as { code?: string }).code).toBe('ERR_WORKER_INVALID_EXEC_ARGV');
    expect(withoutRefusedFlags(argv, err)).toEqual(['--enable-source-maps']);
  });

  it('drops a refused flag’s separate value with it', () => {
    const err = Object.assign(
      new Error('Initiated Worker with invalid execArgv flags: --stack-size, --title=x'),
      { code: 'ERR_WORKER_INVALID_EXEC_ARGV' },
    );
    expect(
      withoutRefusedFlags(['--stack-size', '900', '--no-warnings', '--title=x', '--trace-gc'], err),
    ).toEqual(['--no-warnings', '--trace-gc']);
  });

  it('leaves other errors, and refusals naming none of the flags, alone', () => {
    expect(withoutRefusedFlags(['--trace-gc'], new Error('--trace-gc'))).toBeUndefined();
    const other = Object.assign(new Error('Initiated Worker with invalid execArgv flags: --x'), {
      code: 'ERR_WORKER_INVALID_EXEC_ARGV',
    });
    expect(withoutRefusedFlags(['--trace-gc'], other)).toBeUndefined();
  });
});

describe('startWorker', () => {
  it('starts under V8 and per-process flags, which the process already runs with', async () => {
    const argv = ['--max-old-space-size=512', '--max-semi-space-size=16', '--stack-size=900'];
    const { worker, execArgv } = startWorker(
      new URL(
        'data:text/javascript,import { parentPort } from "node:worker_threads"; parentPort.postMessage(process.execArgv);',
      ),
      { name: 'flags' },
      [...argv, '--enable-source-maps'],
    );
    const seen = await new Promise((resolve, reject) => {
      worker.once('message', resolve).once('error', reject);
    });
    await worker.terminate();
    expect(execArgv).toEqual(['--enable-source-maps']);
    expect(seen).toEqual(['--enable-source-maps']);
  });

  it('rethrows any other error as it is', () => {
    expect(() =>
      startWorker(new URL('http://example.com/worker.mjs'), {}, ['--max-old-space-size=512']),
    ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_URL_SCHEME' }));
  });
});
