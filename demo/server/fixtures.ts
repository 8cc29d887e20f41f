/**
 * Scripted responses under /api/fixtures/ for HTTP-caching conformance tests:
 * a test sets exact headers (Cache-Control, ETag, Vary, Age…) and checks how
 * the service worker caches and revalidates them.
 */
import type { IncomingMessage } from 'node:http';
import { isNotModified } from './conditional';
import { errorReply, HttpError, isRecord, jsonReply } from './http';
import type { Reply } from './http';

export const FIXTURE_PREFIX = '/api/fixtures/';

export interface FixtureSpec {
  path: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  contentType: string;
  size?: number | undefined;
  /** header name (lower case) -> header value -> body */
  varyBodies?: Record<string, Record<string, string>> | undefined;
  /** How the fixture answers an unsafe method (RFC 9111 §4.4 tests); without it, 405. */
  unsafe?: { status: number; headers: Record<string, string> } | undefined;
}

interface Fixture extends FixtureSpec {
  version: number;
}

/** Headers that describe a body, so a 304 must not carry them (RFC 9110 §15.4.5). */
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'content-range', 'transfer-encoding']);

function bad(detail: string): HttpError {
  return new HttpError(400, { error: 'invalid-body', detail });
}

function isStringMap(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((v) => typeof v === 'string');
}

export function parseFixtureSpec(json: unknown): FixtureSpec {
  if (!isRecord(json)) throw bad('expected a JSON object');
  const { path, status = 200, headers = {}, body, size, contentType, varyBodies, unsafe } = json;
  if (typeof path !== 'string' || !path.startsWith(FIXTURE_PREFIX)) throw bad(`path must start with ${FIXTURE_PREFIX}`);
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) throw bad('status must be 200-599');
  if (!isStringMap(headers)) throw bad('headers must map names to strings');
  if (size !== undefined && (typeof size !== 'number' || !Number.isInteger(size) || size < 0)) throw bad('size must be an integer >= 0');
  if (contentType !== undefined && typeof contentType !== 'string') throw bad('contentType must be a string');
  if (varyBodies !== undefined && !(isRecord(varyBodies) && Object.values(varyBodies).every(isStringMap))) {
    throw bad('varyBodies must map header names to value->body maps');
  }
  if (unsafe !== undefined && !(isRecord(unsafe) && typeof unsafe.status === 'number' && (unsafe.headers === undefined || isStringMap(unsafe.headers)))) {
    throw bad('unsafe must be { status, headers? }');
  }
  const isText = typeof body === 'string' || size !== undefined;
  return {
    path,
    status,
    headers,
    body: typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body),
    size,
    contentType: contentType ?? (isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8'),
    varyBodies: varyBodies as FixtureSpec['varyBodies'],
    unsafe: isRecord(unsafe) ? { status: unsafe.status as number, headers: (unsafe.headers as Record<string, string> | undefined) ?? {} } : undefined,
  };
}

/** A deterministic body of exactly `size` bytes that starts with the version. */
function sizedBody(size: number, version: number): string {
  return `v${version}:`.padEnd(size, 'x').slice(0, size);
}

export class FixtureStore {
  #fixtures = new Map<string, Fixture>();
  /** Versions outlive replacement so every PUT of a path yields a new number. */
  #versions = new Map<string, number>();

  put(spec: FixtureSpec): number {
    const version = (this.#versions.get(spec.path) ?? 0) + 1;
    this.#versions.set(spec.path, version);
    this.#fixtures.set(spec.path, { ...spec, version });
    return version;
  }

  clear(): void {
    this.#fixtures.clear();
    this.#versions.clear();
  }

  /** Answers GET/HEAD for a fixture, evaluating conditionals against its own validators; other methods as its `unsafe` says. */
  serve(req: IncomingMessage, pathname: string): Reply {
    const fixture = this.#fixtures.get(pathname);
    if (!fixture) return errorReply(404, 'not-found');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      if (fixture.unsafe) return jsonReply(fixture.unsafe.status, { method: req.method }, fixture.unsafe.headers);
      return jsonReply(405, { error: 'method-not-allowed' }, { Allow: 'GET, HEAD' });
    }
    const version = String(fixture.version);
    const headers: Record<string, string> = { 'Content-Type': fixture.contentType };
    for (const [name, value] of Object.entries(fixture.headers)) headers[name] = value.replaceAll('{{version}}', version);
    headers['X-Fixture-Version'] = version;

    const lookup = (name: string): string | undefined =>
      Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
    const etag = lookup('etag');
    const lastModified = lookup('last-modified');
    const lastModifiedMs = lastModified === undefined ? undefined : Date.parse(lastModified);
    const conditional = { ifNoneMatch: req.headers['if-none-match'], ifModifiedSince: req.headers['if-modified-since'] };
    const validators = { etag, lastModifiedMs: Number.isNaN(lastModifiedMs) ? undefined : lastModifiedMs };
    if (fixture.status === 200 && isNotModified(conditional, validators)) {
      const kept = Object.entries(headers).filter(([name]) => !BODY_HEADERS.has(name.toLowerCase()));
      return { status: 304, headers: Object.fromEntries(kept) };
    }
    if (fixture.status === 204 || fixture.status === 304) return { status: fixture.status, headers };
    return { status: fixture.status, headers, body: this.#bodyFor(fixture, req) };
  }

  #bodyFor(fixture: Fixture, req: IncomingMessage): string {
    for (const [name, bodies] of Object.entries(fixture.varyBodies ?? {})) {
      const value = req.headers[name.toLowerCase()];
      const chosen = typeof value === 'string' ? bodies[value] : undefined;
      if (chosen !== undefined) return chosen.replaceAll('{{version}}', String(fixture.version));
    }
    if (fixture.size !== undefined) return sizedBody(fixture.size, fixture.version);
    return fixture.body.replaceAll('{{version}}', String(fixture.version));
  }
}
