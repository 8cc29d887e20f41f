/** Why the stack could not start or run; `code` says which part failed. */
export type StackErrorCode = 'varnish-missing' | 'varnish-failed' | 'postgres-missing' | 'postgres-failed' | 'origin-failed' | 'invalid-config';

export class StackError extends Error {
  override readonly name = 'StackError';

  constructor(
    readonly code: StackErrorCode,
    message: string,
  ) {
    super(message);
  }
}
