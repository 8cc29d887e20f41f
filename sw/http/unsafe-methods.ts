/** Methods RFC 9110 §9.2.1 defines as safe; every other method, an unknown one included, is unsafe. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

export function isUnsafe(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/**
 * RFC 9111 §4.4: a non-error response to an unsafe request invalidates the target URI and the
 * same-origin URIs in its Location and Content-Location headers. Paths, as write routes name targets.
 */
export function responseStaleTargets(target: URL, response: Response, origin: string): string[] {
  const targets = [target.pathname];
  for (const header of ['Location', 'Content-Location']) {
    const value = response.headers.get(header);
    if (!value) continue;
    const url = URL.parse(value, target);
    if (url && url.origin === origin) targets.push(url.pathname);
  }
  return targets;
}

/** A status that lets an unsafe request invalidate (§4.4: 2xx and 3xx). */
export function isNonError(status: number): boolean {
  return status >= 200 && status < 400;
}
