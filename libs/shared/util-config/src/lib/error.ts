/** A configuration problem, with the dotted path of the offending key. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'INVALID_CONFIG';
  constructor(
    readonly path: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(path ? `config ${path}: ${detail}` : `config: ${detail}`, options);
  }
}
