import { readFile } from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import { certificatePemBlocks } from '@sigstead/util-encoding';

/** Every certificate in a PEM file, as DER. */
export async function readCertificates(file: string): Promise<Buffer[]> {
  const text = await readFile(file, 'utf8');
  return certificatePemBlocks(text).map((pem) => new X509Certificate(pem).raw);
}
