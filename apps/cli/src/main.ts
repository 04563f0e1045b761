import { ENV_USAGE, envCommand } from './env.js';
import { keysCommand } from './keys.js';
import { STATUS_USAGE, statusCommand } from './status.js';
import { tokenCommand } from './token.js';
import { TUF_USAGE, tufCommand } from './tuf.js';

const USAGE = `usage: sigstead <command> [options]

commands:
  token --email ADDRESS | --subject SUBJECT [--issuer URL] [--audience AUD]
        Prints an identity token from the development OIDC issuer of a running embedded stack
        (default: $SIGSTEAD_DEV_ISSUER, which sigstead env sets, else http://localhost:5556).
${ENV_USAGE}
${STATUS_USAGE}
  keys init --dir DIR [--key-type ecdsa-p256|ecdsa-p384] [--common-name CN] [--organization O]
        Creates the CA, CT log, Rekor and TUF online key material for a production install
        (SIGSTEAD_KEY_PASSPHRASE encrypts the private keys).
${TUF_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'token':
      return tokenCommand(rest);
    case 'env':
      return envCommand(rest);
    case 'status':
      return statusCommand(rest);
    case 'keys':
      return keysCommand(rest);
    case 'tuf':
      return tufCommand(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`sigstead: unknown command ${command}\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`sigstead: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
