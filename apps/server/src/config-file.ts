import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseConfigText, type SigsteadConfig } from '@sigstead/util-config';

/** `--config FILE` (or `SIGSTEAD_CONFIG`); no file means every default. */
export async function loadConfigFromArgs(argv = process.argv.slice(2)): Promise<SigsteadConfig> {
  const { values } = parseArgs({
    args: argv,
    options: { config: { type: 'string', short: 'c' }, only: { type: 'string' } },
  });
  const file = values.config ?? process.env['SIGSTEAD_CONFIG'];
  const text = file ? await readFile(file, 'utf8') : '';
  const config = parseConfigText(text, process.env);
  return values.only ? selectServices(config, values.only.split(',')) : config;
}

const SERVICES = ['fulcio', 'ctlog', 'rekor', 'tuf', 'devIssuer'] as const;

/** `--only fulcio` (or `ctlog`, `rekor`, `tuf`, comma-separated): what one Deployment of a split installation runs. */
function selectServices(config: SigsteadConfig, names: string[]): SigsteadConfig {
  for (const n of names) {
    if (!(SERVICES as readonly string[]).includes(n)) {
      throw new Error(`--only: unknown service ${n} (expected ${SERVICES.join(', ')})`);
    }
  }
  const pick = <T extends { enabled: boolean }>(name: string, section: T): T => ({
    ...section,
    enabled: names.includes(name) && section.enabled,
  });
  return {
    ...config,
    fulcio: pick('fulcio', config.fulcio),
    ctlog: pick('ctlog', config.ctlog),
    rekor: pick('rekor', config.rekor),
    tuf: pick('tuf', config.tuf),
    devIssuer: pick('devIssuer', config.devIssuer),
  };
}
