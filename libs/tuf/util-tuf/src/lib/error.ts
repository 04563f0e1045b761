/** What is wrong with TUF metadata or trust material; every message is safe to show an operator or client. */
export type TufErrorCode =
  /** Metadata that does not parse, has the wrong type, or breaks a format rule clients enforce. */
  | 'INVALID_METADATA'
  /** Fewer valid signatures than the role's threshold. */
  | 'THRESHOLD'
  /** A signature that does not verify with the key it names. */
  | 'SIGNATURE'
  /** A version that is not exactly the next one (versions only go up, one at a time for root). */
  | 'VERSION'
  /** Metadata whose `expires` has passed. */
  | 'EXPIRED'
  /** A key type TUF clients cannot all verify. */
  | 'UNSUPPORTED_KEY'
  /** Certificates or keys registered by a service that cannot go into a trust root. */
  | 'INVALID_MATERIAL';

export class TufError extends Error {
  override readonly name = 'TufError';
  constructor(
    readonly code: TufErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
