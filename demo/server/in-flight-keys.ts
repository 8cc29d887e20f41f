/**
 * Idempotency keys whose request is being processed right now, so that a retry arriving meanwhile
 * gets `409` (draft-ietf-httpapi-idempotency-key-header §2.6) instead of racing the original.
 *
 * In memory on purpose: a write's effect and its idempotency record commit together, so a server
 * that dies mid-request has committed neither, and the retry must be free to start over. A
 * "processing" row in the database would outlive that crash and block the key for good.
 */
export class InFlightKeys {
  readonly #keys = new Set<string>();

  /** Takes `key` for one request; false when another request holds it. */
  claim(key: string): boolean {
    if (this.#keys.has(key)) return false;
    this.#keys.add(key);
    return true;
  }

  release(key: string): void {
    this.#keys.delete(key);
  }
}
