/** Why the stack could not start or run; `code` says which part failed. */
export type StackErrorCode = 'varnish-missing' | 'varnish-failed' | 'origin-failed' | 'not-implemented' | 'invalid-config';

export class StackError extends Error {
  override readonly name = 'StackError';

  constructor(
    readonly code: StackErrorCode,
    message: string,
  ) {
    super(message);
  }
}
