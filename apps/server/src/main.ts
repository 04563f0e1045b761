import { loadConfigFromArgs } from './config-file.js';
import { startStack } from './stack.js';

async function main(): Promise<void> {
  const started = Date.now();
  const config = await loadConfigFromArgs();
  const stack = await startStack(config, process.env);
  const lines = stack.services.map((s) => `  ${s.name.padEnd(11)} ${s.url}`);
  process.stdout.write(
    [
      '',
      `sigstead ready in ${Date.now() - started} ms (${stack.database.kind} database, data in ${config.dataDir})`,
      ...lines,
      '',
    ].join('\n') + '\n',
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping sigstead\n`);
    stack.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`sigstead failed to start: ${err instanceof Error ? err.message : String(err)}`);
  if (process.env['SIGSTEAD_DEBUG']) console.error(err);
  process.exit(1);
});
