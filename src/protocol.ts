/**
 * Every message between page and worker, in one place. A page sends a request with a numeric id over
 * a MessageChannel and gets exactly one reply on that port; the worker broadcasts events to every
 * window it controls. Adding a request means adding a line to RequestMap; the worker's handler table
 * is typed against it, so a request without a handler fails to compile.
 */
import type { SerializedStowageError } from './errors.js';

/** Bumped when a message's shape changes incompatibly, so an old page and a new worker notice. */
export const PROTOCOL_VERSION = 1;

export interface RouteStats {
  /** Fresh entries served from the cache without the network. */
  hits: number;
  /** Lookups that found no usable entry. */
  misses: number;
  /** Responses that came from the network (including 304s merged with the stored body). */
  network: number;
  /** Stale entries served: fallbacks when the network failed or timed out, and stale-while-revalidate serving before its refresh. */
  stale: number;
  /** Requests that got a failure (a 504 from Stowage or a network error). */
  errors: number;
}

export interface StatsSnapshot {
  routes: Record<string, RouteStats>;
  totals: RouteStats;
}

export interface RequestMap {
  ping: { params: Record<string, never>; result: { version: number } };
  /** Asks an active worker to control the pages it does not yet control (after a hard reload, say). */
  claim: { params: Record<string, never>; result: null };
  stats: { params: Record<string, never>; result: StatsSnapshot };
  /**
   * Routes the page and the files it loaded before the worker controlled it, so that the first visit
   * already works offline. `document` URLs are requested as HTML, as a navigation would be.
   */
  warm: { params: { urls: string[]; document?: string }; result: { routed: number } };
}

export type RequestType = keyof RequestMap;
export type RequestParams<T extends RequestType> = RequestMap[T]['params'];
export type RequestResult<T extends RequestType> = RequestMap[T]['result'];

export type RequestMessage = {
  [T in RequestType]: { stowage: typeof PROTOCOL_VERSION; kind: 'request'; id: number; type: T; params: RequestParams<T> };
}[RequestType];

export type ReplyMessage =
  | { stowage: typeof PROTOCOL_VERSION; kind: 'reply'; id: number; ok: true; result: unknown }
  | { stowage: typeof PROTOCOL_VERSION; kind: 'reply'; id: number; ok: false; error: SerializedStowageError };

export interface EventMap {
  /** A revalidation brought a representation that differs from the cached one. */
  updated: { url: string; route: string };
}

export type EventName = keyof EventMap;

export type EventMessage = {
  [E in EventName]: { stowage: typeof PROTOCOL_VERSION; kind: 'event'; name: E; detail: EventMap[E] };
}[EventName];

export type StowageMessage = RequestMessage | ReplyMessage | EventMessage;

export function isStowageMessage(data: unknown): data is StowageMessage {
  return typeof data === 'object' && data !== null && (data as { stowage?: unknown }).stowage === PROTOCOL_VERSION;
}
