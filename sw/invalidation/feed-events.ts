import { StowageError } from '../../src/shared/errors.js';
import type { FeedEvent, InvalidationMode } from '../../src/shared/invalidation.js';
import { invalidationModes } from './epochs.js';

/** The feed's events as the worker reads them (sw/invalidation/feed-relay.ts applies them). */

/** A reset is applied unless it is the very event applied last; an invalidate also when its numeric id is not newer. */
export function isAlreadyApplied(type: FeedEvent['type'], id: string, last: string | null): boolean {
  if (last === null) return false;
  if (id === last) return true;
  if (type === 'reset') return false;
  const numeric = /^\d{1,15}$/;
  return numeric.test(id) && numeric.test(last) && Number(id) <= Number(last);
}

/** `{ tags: string[], mode? }`; anything else is refused, so a malformed event is never half applied. */
export function parseInvalidateData(data: string): { tags: string[]; mode: InvalidationMode | undefined } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch (error) {
    throw new StowageError('invalid-config', 'A feed event must carry JSON { tags, mode? }', { cause: error });
  }
  const { tags, mode } = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as { tags?: unknown; mode?: unknown };
  if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string' && tag !== '')) {
    throw new StowageError('invalid-config', 'A feed event\'s "tags" must be an array of non-empty strings', { details: { data } });
  }
  if (mode !== undefined && !(invalidationModes as readonly unknown[]).includes(mode)) {
    throw new StowageError('invalid-config', `A feed event's "mode" must be one of ${invalidationModes.join(', ')}`, { details: { data } });
  }
  return { tags, mode: mode as InvalidationMode | undefined };
}
