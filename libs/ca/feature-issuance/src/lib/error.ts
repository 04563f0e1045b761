/**
 * Fulcio's failure classes. Each maps to one constant, client-safe message and a gRPC code
 * (sigstore/fulcio pkg/server/error.go); the cause goes to the log only.
 */
export type FulcioErrorCode =
  /** A body protojson refuses (grpc-gateway answers with the decoder's `proto: …` message). */
  | 'INVALID_REQUEST'
  | 'INVALID_IDENTITY_TOKEN'
  | 'INVALID_PUBLIC_KEY'
  | 'INSECURE_PUBLIC_KEY'
  | 'INVALID_CSR'
  | 'INVALID_SIGNATURE'
  | 'ALGORITHM_NOT_PERMITTED'
  | 'PRINCIPAL_INVALID'
  | 'CT_FAILED'
  | 'CA_FAILED';

const MESSAGES: Record<FulcioErrorCode, string> = {
  INVALID_REQUEST: 'the request body could not be decoded',
  INVALID_IDENTITY_TOKEN: 'There was an error processing the identity token',
  INVALID_PUBLIC_KEY: 'The public key supplied in the request could not be parsed',
  INSECURE_PUBLIC_KEY: 'The public key supplied in the request is insecure',
  INVALID_CSR: 'The certificate signing request could not be parsed',
  INVALID_SIGNATURE: 'The signature supplied in the request could not be verified',
  ALGORITHM_NOT_PERMITTED: 'signing algorithm not permitted',
  PRINCIPAL_INVALID: 'the identity token lacks what this issuer requires',
  CT_FAILED: 'Error entering certificate in CTL',
  CA_FAILED: 'error communicating with CA backend',
};

/** gRPC status codes used by Fulcio's HTTP gateway bodies: 3 InvalidArgument, 13 Internal. */
export const GRPC_INVALID_ARGUMENT = 3;
export const GRPC_INTERNAL = 13;

export class FulcioError extends Error {
  override readonly name = 'FulcioError';
  /**
   * The text clients see. Only constant strings, or a detail or message we wrote ourselves (an
   * IdentityError's, which names claims and settings, never a token), ever go here.
   */
  readonly clientMessage: string;

  constructor(
    readonly code: FulcioErrorCode,
    options?: { cause?: unknown; detail?: string; message?: string },
  ) {
    const base = MESSAGES[code];
    const clientMessage =
      options?.message ?? (options?.detail ? `${base}: ${options.detail}` : base);
    super(clientMessage, options);
    this.clientMessage = clientMessage;
  }

  get internal(): boolean {
    return this.code === 'CT_FAILED' || this.code === 'CA_FAILED';
  }
}
