export type X509ErrorCode =
  /** Client key material that cannot be decoded (Fulcio: "…public key… could not be parsed"). */
  | 'PUBLIC_KEY_UNPARSEABLE'
  /** A decodable key of a type or size we refuse (Fulcio: "…public key… is insecure"). */
  | 'PUBLIC_KEY_INSECURE'
  /** A CSR that cannot be decoded (Fulcio: "The certificate signing request could not be parsed"). */
  | 'CSR_UNPARSEABLE'
  /** A proof of possession or CSR self-signature that does not verify (Fulcio: "The signature supplied…"). */
  | 'SIGNATURE_INVALID'
  /** A (key, hash) pair outside the configured client signing algorithms ("signing algorithm not permitted: …"). */
  | 'ALGORITHM_NOT_PERMITTED'
  /** Certificate profile input that would produce an invalid or non-Fulcio certificate. */
  | 'INVALID_PROFILE'
  /** A certificate given to us (issuer, precertificate…) that is not usable DER X.509. */
  | 'INVALID_CERTIFICATE'
  /** The injected signer failed or returned something that is not a signature. */
  | 'SIGNING_FAILED'
  /** The final certificate is not the precertificate with the poison swapped for the SCT list. */
  | 'EMBEDDED_SCT_MISMATCH'
  /** A configuration value (e.g. a client signing algorithm name) we do not know. */
  | 'INVALID_ARGUMENT';

/** The one error type of this lib; callers branch on `code`. Messages never contain key material. */
export class X509Error extends Error {
  override readonly name = 'X509Error';
  constructor(
    readonly code: X509ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
