import { parseArgs } from 'node:util';

/** `sigstead token`: asks the development issuer for an ID token and prints it on stdout. */
export async function tokenCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      subject: { type: 'string' },
      audience: { type: 'string' },
      issuer: {
        type: 'string',
        default: process.env['SIGSTEAD_DEV_ISSUER'] ?? 'http://localhost:5556',
      },
    },
    strict: true,
  });
  if (!values.email && !values.subject) throw new Error('token: give --email or --subject');
  const res = await fetch(`${values.issuer.replace(/\/+$/, '')}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      email: values.email,
      subject: values.subject,
      audience: values.audience,
    }),
  }).catch((err: unknown) => {
    throw new Error(
      `cannot reach the development issuer at ${values.issuer} (is the stack running?)`,
      {
        cause: err,
      },
    );
  });
  const body = (await res.json()) as { id_token?: string; message?: string };
  if (!res.ok || !body.id_token)
    throw new Error(`the issuer refused: ${body.message ?? res.status}`);
  // Redirected to a file, the token is written bare: cosign reads token files byte for byte, and a
  // trailing newline ends up in its Authorization header.
  process.stdout.write(process.stdout.isTTY ? `${body.id_token}\n` : body.id_token);
  return 0;
}
