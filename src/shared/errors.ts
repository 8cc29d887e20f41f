/**
 * The one error class of Stowage, shared by page and worker. Errors cross the page/worker boundary as
 * plain objects (structured clone drops the prototype), so type guards check `name`, not `instanceof`.
 */
/** Replaced by the app's bundler, as Workbox relies on too; only development builds keep the long messages. */
declare const process: { env: { NODE_ENV?: string } };

export const errorMessages = {
  'invalid-config': 'The Stowage configuration is invalid',
  'not-supported': 'This browser lacks an API that Stowage needs',
  'not-controlled': 'The page is not controlled by the Stowage service worker',
  timeout: 'The service worker did not answer in time',
  offline: 'The network is offline and no usable cached response exists',
  'network-error': 'The network request failed and no usable cached response exists',
  'cache-miss': 'No cached response exists for a cache-only route',
  'must-revalidate': 'The cached response must be revalidated, and the network is unreachable',
  'unknown-request': 'The service worker does not understand this request',
  'quota-exceeded': 'The browser refused to store more data',
  'storage-unavailable': "The browser could not open Stowage's IndexedDB database",
  'body-too-large': 'The request body is larger than the configured limit',
  'corrupt-entry': 'A stored record could not be read and was quarantined',
  'decrypt-failed': 'A stored ciphertext could not be decrypted',
  'no-user': 'This needs a current user (stowage.setUser) and none is set',
  'not-found': 'No such entry',
  expired: "The queued write was not delivered within its route's dropAfterMs and was dropped",
  internal: 'An unexpected error happened inside Stowage',
} as const;

export type StowageErrorCode = keyof typeof errorMessages;

export interface SerializedStowageError {
  name: 'StowageError';
  code: StowageErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export class StowageError extends Error {
  override readonly name = 'StowageError' as const;
  readonly code: StowageErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: StowageErrorCode, message?: string, options: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message ?? (process.env.NODE_ENV === 'production' ? code : errorMessages[code]), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }

  toJSON(): SerializedStowageError {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }

  static fromJSON(data: SerializedStowageError): StowageError {
    return new StowageError(data.code, data.message, { details: data.details ?? {} });
  }

  /** Wraps anything thrown into a StowageError, keeping platform errors (QuotaExceededError…) as the cause. */
  static from(error: unknown, fallback: StowageErrorCode = 'internal'): StowageError {
    if (isStowageError(error)) return error instanceof StowageError ? error : StowageError.fromJSON(error);
    if (error instanceof DOMException && error.name === 'QuotaExceededError') {
      return new StowageError('quota-exceeded', undefined, { cause: error });
    }
    const message = error instanceof Error ? error.message : String(error);
    return new StowageError(fallback, message, { cause: error });
  }
}

export function isStowageError(value: unknown): value is StowageError | SerializedStowageError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { name?: unknown }).name === 'StowageError' &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}
