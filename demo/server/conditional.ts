/**
 * Conditional request evaluation (RFC 9110 §13). Pure functions over header
 * strings so they can be unit-tested without a server.
 */

export interface EntityTag {
  weak: boolean;
  /** The opaque tag including its quotes, e.g. `"abc"`. */
  opaque: string;
}

/**
 * Parses an If-Match / If-None-Match value: `*`, or a comma-separated list of
 * entity tags. Commas are legal inside a quoted tag, so this scans tag by tag
 * instead of splitting on commas. Malformed members are skipped.
 */
export function parseEtagList(header: string): '*' | EntityTag[] {
  if (header.trim() === '*') return '*';
  const tags: EntityTag[] = [];
  const pattern = /(W\/)?("[^"]*")/g;
  for (const match of header.matchAll(pattern)) {
    const opaque = match[2];
    if (opaque !== undefined) tags.push({ weak: match[1] !== undefined, opaque });
  }
  return tags;
}

export function parseEtag(value: string): EntityTag | undefined {
  const list = parseEtagList(value);
  return list === '*' ? undefined : list[0];
}

/** Strong comparison: both tags must be strong and byte-equal (RFC 9110 §8.8.3.2). */
export function strongMatch(a: EntityTag, b: EntityTag): boolean {
  return !a.weak && !b.weak && a.opaque === b.opaque;
}

/** Weak comparison: opaque tags equal, weakness ignored. */
export function weakMatch(a: EntityTag, b: EntityTag): boolean {
  return a.opaque === b.opaque;
}

/**
 * If-Match (§13.1.1): true when the precondition holds. `current` is
 * undefined when the resource does not exist.
 */
export function ifMatchPasses(header: string, current: string | undefined): boolean {
  const list = parseEtagList(header);
  if (current === undefined) return false;
  if (list === '*') return true;
  const tag = parseEtag(current);
  return tag !== undefined && list.some((candidate) => strongMatch(candidate, tag));
}

/** If-None-Match for GET/HEAD (§13.1.2): true when the client's copy is current (answer 304). */
export function ifNoneMatchHits(header: string, current: string | undefined): boolean {
  if (current === undefined) return false;
  const list = parseEtagList(header);
  if (list === '*') return true;
  const tag = parseEtag(current);
  return tag !== undefined && list.some((candidate) => weakMatch(candidate, tag));
}

/**
 * If-Modified-Since (§13.1.3): true when the resource has not changed since
 * the given date. Compared in whole seconds because HTTP-dates have no
 * fractions. Unparseable dates are ignored, as the RFC requires.
 */
export function notModifiedSince(header: string, lastModifiedMs: number): boolean {
  const since = Date.parse(header);
  if (Number.isNaN(since)) return false;
  return Math.floor(lastModifiedMs / 1000) <= Math.floor(since / 1000);
}

/** If-Unmodified-Since (§13.1.4): true when the precondition holds. */
export function unmodifiedSincePasses(header: string, lastModifiedMs: number): boolean {
  const since = Date.parse(header);
  if (Number.isNaN(since)) return true;
  return Math.floor(lastModifiedMs / 1000) <= Math.floor(since / 1000);
}

export interface Validators {
  etag?: string | undefined;
  lastModifiedMs?: number | undefined;
}

export interface ConditionalHeaders {
  ifNoneMatch?: string | undefined;
  ifModifiedSince?: string | undefined;
}

/**
 * Decides whether a GET/HEAD can be answered 304. If-None-Match takes
 * precedence: when present, If-Modified-Since is ignored (§13.2.2 step 3–4).
 */
export function isNotModified(request: ConditionalHeaders, validators: Validators): boolean {
  if (request.ifNoneMatch !== undefined) return ifNoneMatchHits(request.ifNoneMatch, validators.etag);
  if (request.ifModifiedSince !== undefined && validators.lastModifiedMs !== undefined) {
    return notModifiedSince(request.ifModifiedSince, validators.lastModifiedMs);
  }
  return false;
}
