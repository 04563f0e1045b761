import { fromAddChainResponse, type SignedCertificateTimestamp } from '@sigstead/util-ct';

/** Where precertificates go to be logged (`add-pre-chain`), returning the SCT to embed. */
export interface CtSubmitter {
  addPreChain(chain: readonly Buffer[]): Promise<SignedCertificateTimestamp>;
}

/** RFC 6962 client for our ctlog (or any ctfe): `POST <log url>/ct/v1/add-pre-chain`. */
export class HttpCtSubmitter implements CtSubmitter {
  constructor(
    private readonly logUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async addPreChain(chain: readonly Buffer[]): Promise<SignedCertificateTimestamp> {
    const res = await fetch(`${this.logUrl}/ct/v1/add-pre-chain`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ chain: chain.map((c) => c.toString('base64')) }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (res.status !== 200) {
      const text = (await res.text()).slice(0, 200);
      throw new Error(`CT log answered ${res.status}: ${text}`);
    }
    return fromAddChainResponse(await res.json());
  }
}
