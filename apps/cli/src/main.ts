import { tokenCommand } from './token.js';

const USAGE = `usage: sigstead <command> [options]

commands:
  token --email ADDRESS | --subject SUBJECT [--issuer URL] [--audience AUD]
        Prints an identity token from the development OIDC issuer of a running embedded stack
        (default issuer http://localhost:5556).
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'token':
      return tokenCommand(rest);
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
