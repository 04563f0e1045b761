import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The parent's node flags minus export conditions: workers load the compiled packages, as in
 * production, even when the parent resolves workspace packages to their sources (tests do).
 */
export function workerExecArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--conditions' || arg === '-C') i++;
    else if (!arg.startsWith('--conditions=')) out.push(arg);
  }
  return out;
}

/**
 * `argv` without the flags a worker refused, as named by Node's `ERR_WORKER_INVALID_EXEC_ARGV`
 * ("… flags: --max-old-space-size=512, --title=x"): a flag given as `--flag value` loses its value
 * too. Undefined when `error` is another error or names none of `argv`.
 */
export function withoutRefusedFlags(argv: readonly string[], error: unknown): string[] | undefined {
  if ((error as { code?: unknown } | null)?.code !== 'ERR_WORKER_INVALID_EXEC_ARGV')
    return undefined;
  const message = (error as Error).message;
  const listed = message.slice(message.indexOf(': ') + 2).split(', ');
  const refused = new Set(listed.filter((flag) => flag.startsWith('-')));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!refused.has(arg)) out.push(arg);
    else if (!arg.includes('=') && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('-')) i++;
  }
  return out.length < argv.length ? out : undefined;
}

/**
 * A worker started with `execArgv`, less whatever flags Node refuses in a worker: V8 and
 * per-process options (`--max-old-space-size`, `--stack-size`, `--title`) that operators put on the
 * server's command line. Those apply to the whole process, the worker included, so nothing is lost
 * by not repeating them. Returns the worker and the flags it was started with, for the next one.
 */
export function startWorker(
  script: URL,
  options: Omit<WorkerOptions, 'execArgv'>,
  execArgv: readonly string[],
): { worker: Worker; execArgv: readonly string[] } {
  let argv = execArgv;
  for (;;) {
    try {
      return { worker: new Worker(script, { ...options, execArgv: [...argv] }), execArgv: argv };
    } catch (err) {
      const fewer = withoutRefusedFlags(argv, err);
      if (fewer === undefined) throw err;
      argv = fewer;
    }
  }
}
