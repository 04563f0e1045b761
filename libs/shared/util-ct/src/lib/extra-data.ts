// get-entries `extra_data` (RFC 6962 §4.6): for x509 entries the `certificate_chain` of
// X509ChainEntry; for precert entries the whole PrecertChainEntry (§3.1).
import { TlsReader, vector } from './tls-codec.js';
import { certVector, nonEmpty } from './signed-entry.js';

export interface PrecertChainEntry {
  /** The submitted precertificate (with the poison extension). */
  readonly preCertificate: Buffer;
  /** The rest of the submitted chain, issuer first, up to the accepted root. */
  readonly precertificateChain: readonly Buffer[];
}

/** `ASN.1Cert certificate_chain<0..2^24-1>`. */
export function encodeCertificateChain(chain: readonly Buffer[]): Buffer {
  return vector(Buffer.concat(chain.map(certVector)), 3, 'certificate chain');
}

export function decodeCertificateChain(buf: Buffer): Buffer[] {
  const reader = new TlsReader(buf, 'certificate chain');
  const chain = readChain(reader);
  reader.end();
  return chain;
}

export function encodePrecertChainEntry(entry: PrecertChainEntry): Buffer {
  return Buffer.concat([
    certVector(entry.preCertificate),
    encodeCertificateChain(entry.precertificateChain),
  ]);
}

export function decodePrecertChainEntry(buf: Buffer): PrecertChainEntry {
  const reader = new TlsReader(buf, 'PrecertChainEntry');
  const preCertificate = Buffer.from(nonEmpty(reader.vector(3)));
  const precertificateChain = readChain(reader);
  reader.end();
  return { preCertificate, precertificateChain };
}

function readChain(reader: TlsReader): Buffer[] {
  const list = new TlsReader(reader.vector(3), 'certificate chain');
  const chain: Buffer[] = [];
  while (list.remaining > 0) chain.push(Buffer.from(nonEmpty(list.vector(3))));
  return chain;
}
