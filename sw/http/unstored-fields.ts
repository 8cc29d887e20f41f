import { listedFields, parseCacheControl } from './cache-control.js';

/** Fields about one connection, not the representation (RFC 9110 §7.6.1): forwarding removes them, so storing does. */
const CONNECTION_SPECIFIC = ['connection', 'keep-alive', 'proxy-connection', 'te', 'transfer-encoding', 'upgrade'];
/** Fields about the proxy the request went through: a cache MUST NOT store them (RFC 9111 §3.1). */
const PROXY_SPECIFIC = ['proxy-authenticate', 'proxy-authentication-info', 'proxy-authorization'];
const FIELD_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

/**
 * The header fields of a response as a cache stores them (RFC 9111 §3.1): without the connection-
 * and proxy-specific ones, the fields `Connection` lists, and the fields a qualified `no-cache`
 * lists, which must not be served without a successful revalidation (§5.2.2.4). Changes `headers`.
 */
export function withoutUnstoredFields(headers: Headers): Headers {
  const listed = [...listedFields(headers.get('Connection') ?? undefined), ...listedFields(parseCacheControl(headers.get('Cache-Control'))['no-cache'])];
  for (const name of [...CONNECTION_SPECIFIC, ...PROXY_SPECIFIC, ...listed]) {
    if (FIELD_NAME.test(name)) headers.delete(name);
  }
  return headers;
}
