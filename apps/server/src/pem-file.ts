import { readFile } from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';

/** Every certificate in a PEM file, as DER. */
export async function readCertificates(file: string): Promise<Buffer[]> {
  const text = await readFile(file, 'utf8');
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((pem) => new X509Certificate(pem).raw);
}
