import { tagTypeOf } from './tags.js';

/**
 * Invalidation by epochs, so its cost never depends on how many entries are stored: each partition
 * (the shared one, '', and each user's) counts invalidations in one monotonic sequence; each tag,
 * URL, route and '*' remembers the sequence number of its last invalidation in each mode; an entry
 * remembers the sequence number at which its request STARTED. An entry is invalidated when one of
 * its keys was invalidated after that: so a response whose request was in flight during an
 * invalidation is stored already invalidated (the RTK Query race, reduxjs/redux-toolkit 2444).
 */

import type { InvalidationMode } from '../../src/shared/invalidation.js';
import type { EpochRecord } from '../storage/db.js';

export const invalidationModes: readonly InvalidationMode[] = ['stale', 'expire', 'purge'];

/** Strongest first: the strongest mode among the epochs that cover an entry applies. */
const BY_STRENGTH: readonly InvalidationMode[] = ['purge', 'expire', 'stale'];

/** The last sequence number at which a key was invalidated, per mode (as sw/storage/db.ts stores it). */
export type Epoch = EpochRecord['epoch'];

/** What an invalidation names; `all` is '*' (every entry of the partition). */
export interface InvalidationKeys {
  tags?: readonly string[] | undefined;
  /** Absolute URLs: with a query, that URL only; without one, every query of that path. */
  urls?: readonly string[] | undefined;
  routes?: readonly string[] | undefined;
  all?: boolean | undefined;
}

/** What an entry is matched by: the sequence number its request started at, its tags, URL and route. */
export interface EntryIdentity {
  startSeq: number;
  tags: readonly string[];
  url: string;
  route: string;
}

export const ALL_KEY = '*';

/** The epoch keys an invalidation sets. */
export function keysOfInvalidation({ tags = [], urls = [], routes = [], all = false }: InvalidationKeys): string[] {
  return [...tags.map((tag) => `tag:${tag}`), ...urls.map((url) => `url:${withoutHash(url)}`), ...routes.map((route) => `route:${route}`), ...(all ? [ALL_KEY] : [])];
}

/**
 * The epoch keys that cover an entry: each tag and each tag's type (invalidating `note` hits
 * `note:42`), its URL with and without the query, its route, and '*'.
 */
export function keysOfEntry({ tags, url, route }: Omit<EntryIdentity, 'startSeq'>): string[] {
  const keys = [ALL_KEY, `route:${route}`, `url:${withoutHash(url)}`];
  const parsed = URL.parse(url);
  if (parsed && parsed.search !== '') keys.push(`url:${parsed.origin}${parsed.pathname}`);
  for (const tag of tags) {
    keys.push(`tag:${tag}`);
    const type = tagTypeOf(tag);
    if (type !== tag) keys.push(`tag:${type}`);
  }
  return keys;
}

/** The epochs of one partition, in memory. */
export class PartitionEpochs {
  #seq = 0;
  readonly #epochs = new Map<string, Epoch>();

  /** The sequence number now: a request starting now is stamped with it. */
  get seq(): number {
    return this.#seq;
  }

  /** Loads a persisted epoch (at worker start). */
  restore(key: string, epoch: Epoch): void {
    this.#epochs.set(key, { ...epoch });
    for (const mode of invalidationModes) this.#seq = Math.max(this.#seq, epoch[mode] ?? 0);
  }

  /** Records an invalidation of `keys` in `mode`; returns its sequence number and the epochs to persist. */
  invalidate(keys: readonly string[], mode: InvalidationMode): { seq: number; changed: Array<[string, Epoch]> } {
    const seq = ++this.#seq;
    const changed: Array<[string, Epoch]> = [];
    for (const key of new Set(keys)) {
      const epoch = { ...this.#epochs.get(key), [mode]: seq };
      this.#epochs.set(key, epoch);
      changed.push([key, epoch]);
    }
    return { seq, changed };
  }

  /** The strongest mode of an invalidation that came after the entry's request started; undefined: none. */
  coverage(entry: EntryIdentity): InvalidationMode | undefined {
    let strongest = BY_STRENGTH.length;
    for (const key of keysOfEntry(entry)) {
      const epoch = this.#epochs.get(key);
      if (!epoch) continue;
      for (let rank = 0; rank < strongest; rank += 1) {
        if ((epoch[BY_STRENGTH[rank]!] ?? 0) > entry.startSeq) {
          strongest = rank;
          break;
        }
      }
      if (strongest === 0) break;
    }
    return BY_STRENGTH[strongest];
  }
}

/** The stronger of two modes (undefined is weaker than any). */
export function strongerMode(a: InvalidationMode | undefined, b: InvalidationMode | undefined): InvalidationMode | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return BY_STRENGTH.indexOf(a) <= BY_STRENGTH.indexOf(b) ? a : b;
}

function withoutHash(url: string): string {
  const at = url.indexOf('#');
  return at < 0 ? url : url.slice(0, at);
}
