import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isNotModified } from './conditional';

/** A fully computed response; writes build one so it can be stored for idempotent replay. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  /** Omitted for 204/304. */
  body?: string;
}

export const JSON_TYPE = 'application/json; charset=utf-8';

/** Request bodies are small JSON documents; anything larger is a client bug or an attack. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly payload: Record<string, unknown>,
  ) {
    super(String(payload['error'] ?? status));
    this.name = 'HttpError';
  }
}

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  if (status === 204 || status === 304) return { status, headers };
  return { status, headers: { 'Content-Type': JSON_TYPE, ...headers }, body: JSON.stringify(value) };
}

export function errorReply(status: number, error: string, extra: Record<string, unknown> = {}): Reply {
  return jsonReply(status, { error, ...extra });
}

/** Writes a Reply; HEAD gets the same headers (including Content-Length) without the body. */
export function sendReply(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = reply.status;
  for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (reply.body === undefined) {
    if (reply.status !== 204 && reply.status !== 304) res.setHeader('Content-Length', '0');
    res.end();
    return;
  }
  const bytes = Buffer.from(reply.body, 'utf8');
  res.setHeader('Content-Length', String(bytes.length));
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  sendReply(req, res, jsonReply(status, value, headers));
}

/** Reads the whole request body; rejects with 413 past MAX_BODY_BYTES. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, { error: 'payload-too-large' });
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON body; an empty body is `undefined` so callers can treat it as optional. */
export function parseJson(raw: Buffer): unknown {
  const text = raw.toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new HttpError(400, { error: 'invalid-body', detail: `invalid JSON: ${(err as Error).message}` });
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('base64url');
}

/** A strong validator derived from the exact body bytes, so equal bytes always mean equal tags. */
export function etagFor(body: string): string {
  return `"${sha256(body).slice(0, 27)}"`;
}

/** HTTP-date (RFC 9110 §5.6.7); sub-second precision is lost, as the format requires. */
export function httpDate(time: Date | number): string {
  return new Date(time).toUTCString();
}

/** Reads one cookie by name from the Cookie header. */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export interface ReadOptions {
  cacheControl: string;
  lastModifiedMs?: number | undefined;
  vary?: string;
  /**
   * More headers about the representation, on the 200 and repeated on a 304, whose headers a cache
   * merges into the stored response (RFC 9111 §4.3.4): `Cache-Groups`, for one.
   */
  headers?: Record<string, string>;
}

/**
 * Builds a GET/HEAD reply for a JSON representation with a strong ETag and
 * Last-Modified, answering 304 when the request's validators still match.
 * The 304 repeats the validators and caching headers (RFC 9110 §15.4.5).
 */
export function readReply(req: IncomingMessage, value: unknown, options: ReadOptions): Reply {
  const body = JSON.stringify(value);
  const etag = etagFor(body);
  const headers: Record<string, string> = { ...options.headers, ETag: etag, 'Cache-Control': options.cacheControl };
  if (options.lastModifiedMs !== undefined) headers['Last-Modified'] = httpDate(options.lastModifiedMs);
  if (options.vary !== undefined) headers['Vary'] = options.vary;
  const conditional = {
    ifNoneMatch: req.headers['if-none-match'],
    ifModifiedSince: req.headers['if-modified-since'],
  };
  if (isNotModified(conditional, { etag, lastModifiedMs: options.lastModifiedMs })) return { status: 304, headers };
  return { status: 200, headers: { ...headers, 'Content-Type': JSON_TYPE }, body };
}
