import type { PluginState, WorkboxPlugin } from 'workbox-core/types.js';
import { WORKER_CACHE, formatMember, type CacheStatusParams } from '../../src/shared/cache-status.js';
import { FAILURE_HEADER, MEMORY_HEADER } from '../../src/shared/headers.js';
import { forwardNoteOf, withCacheStatus } from '../entries/stored-entry.js';
import { notices } from '../notices.js';
import { cachedStateOf, servedFromCacheOf } from './cache-state.js';

export interface CacheStatusOptions {
  /** The route keeps copies in the pages' memories (`memory: true`): responses say how long they may. */
  memory?: boolean;
}

/**
 * Stowage's member of `Cache-Status` (RFC 9211) on every response a read route serves, appended after
 * the server's and proxies' members, computed per serve (a stored copy keeps only theirs). It reads
 * what the other plugins decided: the freshness plugin's marks on a cached response and its note on a
 * network one, and InFlight's mark on a request that joined another's fetch. It comes last among a
 * route's plugins, so it describes the response the page really gets.
 */
export function cacheStatusPlugin({ memory = false }: CacheStatusOptions = {}): WorkboxPlugin {
  return {
    // The memory may keep a response only against notices numbered after this request began.
    async handlerWillStart({ state }) {
      if (state) state.noticeAtStart = notices.seq;
    },
    async handlerWillRespond({ response, state }) {
      const { params, ttlMs, ownNotice } = describe(response);
      const extra: Record<string, string> = {};
      if (memory && ttlMs !== undefined && ttlMs > 0) extra[MEMORY_HEADER] = [notices.epoch, noticeAtStart(state), Math.floor(ttlMs), ownNotice ?? '-'].join(' ');
      return withCacheStatus(response, formatMember(WORKER_CACHE, params), extra);
    },
  };
}

interface Description {
  params: CacheStatusParams;
  /** How long the page's memory may keep the response, when it may. */
  ttlMs?: number | undefined;
  ownNotice?: number | undefined;
}

function describe(response: Response): Description {
  const cached = cachedStateOf(response);
  if (cached) {
    const { ttlMs, detail, fwdStatus } = servedFromCacheOf(response);
    const ttl = ttlMs === undefined ? undefined : ttlMs / 1000;
    if (detail === 'stale-if-error') return { params: { fwd: 'stale', fwdStatus, detail } };
    if (detail === 'offline') return { params: { hit: true, detail } };
    return { params: { hit: true, ttl, detail }, ttlMs: cached === 'fresh' && detail === undefined ? ttlMs : undefined };
  }
  const failure = response.headers.get(FAILURE_HEADER);
  if (failure === 'cache-miss') return { params: { detail: failure } };
  if (failure) return { params: { fwd: failure === 'must-revalidate' ? 'stale' : 'uri-miss', detail: failure } };
  const note = forwardNoteOf(response);
  if (!note) return { params: { fwd: 'miss' } };
  const collapsed = note.collapsed === true;
  return {
    params: { fwd: note.fwd, ...(collapsed ? {} : { fwdStatus: note.fwdStatus }), stored: note.stored, collapsed },
    ttlMs: note.stored ? note.ttlMs : undefined,
    ownNotice: note.notice,
  };
}

function noticeAtStart(state: PluginState | undefined): number {
  return typeof state?.noticeAtStart === 'number' ? state.noticeAtStart : 0;
}
