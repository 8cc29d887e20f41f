/** The field names of a response's `Vary`, lower-cased (`*` included). */
export function varyFields(headers: Headers): string[] {
  return (headers.get('Vary') ?? '')
    .split(',')
    .map((field) => field.trim().toLowerCase())
    .filter((field) => field.length > 0);
}

/**
 * Request headers a worker never sees (Fetch's forbidden request-header names the network stack adds
 * later): every request has the same (absent) value for them, so varying on them selects nothing.
 */
const INVISIBLE = new Set(['accept-charset', 'accept-encoding', 'cookie', 'connection', 'host', 'te', 'keep-alive']);

/**
 * The `Vary` fields that tell stored variants apart (RFC 9111 §4.1), sorted: a response that varies
 * only on headers the worker never sees (`Vary: Accept-Encoding`, the common case) has none.
 */
export function selectingFields(headers: Headers): string[] {
  return varyFields(headers)
    .filter((field) => !INVISIBLE.has(field))
    .sort();
}
