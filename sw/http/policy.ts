import { now } from '../clock.js';
import CachePolicy from 'http-cache-semantics';

/**
 * The bridge between Fetch's Request/Response and http-cache-semantics, which speaks Node-style
 * plain header objects. Everything Stowage asks about RFC 9111 goes through a StowagePolicy.
 */

/** The serialized policy of a stored entry, kept on the stored copy as a response header. */
export const POLICY_HEADER = 'X-Stowage-Policy';

type PlainHeaders = Record<string, string>;

export function plainRequest(request: Request): CachePolicy.HttpRequest {
  const url = new URL(request.url);
  // http-cache-semantics compares the Host header of the stored and the new request; Fetch hides it.
  return { url: request.url, method: request.method, headers: { ...plainHeaders(request.headers), host: url.host } };
}

export function plainResponse(response: Response): CachePolicy.HttpResponse {
  return { status: response.status, headers: plainHeaders(response.headers) };
}

function plainHeaders(headers: Headers): PlainHeaders {
  const plain: PlainHeaders = {};
  // Header names come lower-cased from Fetch, as the library expects.
  headers.forEach((value, name) => {
    plain[name] = value;
  });
  return plain;
}

const parsedPolicies = new WeakMap<Response, StowagePolicy | undefined>();

/**
 * http-cache-semantics with the age calculation of RFC 9111 §4.2.3: the library counts only the
 * `Age` header and the time since the response arrived, while browsers also take the apparent age
 * from `Date` (a response dated an hour ago with `max-age=60` is already stale). Clock skew can only
 * make an entry look older, never fresher, which is the safe side.
 */
export class StowagePolicy extends CachePolicy {
  override age(): number {
    const { t: responseTimeMs } = this.toObject();
    const dateMs = Date.parse(this.storedHeaders()['date'] ?? '');
    const apparentAge = Number.isFinite(dateMs) ? Math.max(0, (responseTimeMs - dateMs) / 1000) : 0;
    // now(), as the library's own clock: tests move it with fake timers.
    const residentTime = (now() - responseTimeMs) / 1000;
    return Math.max(apparentAge, ageHeaderOf(this)) + residentTime;
  }

  /** A private cache: `private` responses are storable here (Stowage decides where, see storability.ts). */
  static forExchange(request: Request, response: Response): StowagePolicy {
    return new StowagePolicy(plainRequest(request), plainResponse(response), { shared: false });
  }

  static fromStored(response: Response): StowagePolicy | undefined {
    // A cache hit asks twice (the verdict, then the Age it is served with): parse the header once.
    if (parsedPolicies.has(response)) return parsedPolicies.get(response);
    const policy = StowagePolicy.#parseStored(response);
    parsedPolicies.set(response, policy);
    return policy;
  }

  static #parseStored(response: Response): StowagePolicy | undefined {
    const serialized = response.headers.get(POLICY_HEADER);
    if (serialized === null) return undefined;
    try {
      return StowagePolicy.fromObject(JSON.parse(decodeURIComponent(serialized)) as CachePolicy.CachePolicyObject) as StowagePolicy;
    } catch {
      // An entry written by another format: treat it as having no policy, so it is revalidated.
      return undefined;
    }
  }

  /** Header-safe (ASCII, no line breaks) form of toObject(). */
  serialize(): string {
    return encodeURIComponent(JSON.stringify(this.toObject()));
  }

  /** The stored response's own headers (as the server sent them, updated by 304s). */
  storedHeaders(): PlainHeaders {
    return this.toObject().resh as PlainHeaders;
  }
}

function ageHeaderOf(policy: StowagePolicy): number {
  const value = Number.parseInt(policy.storedHeaders()['age'] ?? '', 10);
  return Number.isFinite(value) && value > 0 ? value : 0;
}
