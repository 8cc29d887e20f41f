/**
 * The Idempotency-Key header (draft-ietf-httpapi-idempotency-key-header). Its value is a Structured
 * Field string, so quoted on the wire. An app that sends its own key keeps it: it may already use that
 * key to recognise the write (a retry button, its own dedup table), and a second key would defeat it.
 */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** The key an app set on its request (unquoted when it is a Structured Field string), or undefined. */
export function appIdempotencyKey(headers: Headers): string | undefined {
  const value = headers.get(IDEMPOTENCY_KEY_HEADER)?.trim();
  if (!value) return undefined;
  const quoted = /^"((?:[^"\\]|\\["\\])*)"$/.exec(value)?.[1];
  return quoted === undefined ? value : quoted.replace(/\\(["\\])/g, '$1');
}

/** The header value for a key Stowage generated (a UUID: nothing to escape). */
export function formatIdempotencyKey(key: string): string {
  return `"${key}"`;
}
