/**
 * The demo's one tag vocabulary: which groups a read belongs to and which a write invalidates.
 * The same strings go to the browser as RFC 9875 `Cache-Groups` / `Cache-Group-Invalidation`, onto
 * the invalidation feed, and (issue 14) to a reverse proxy's `xkey` header, so the layers can never
 * disagree about a name.
 *
 * A tag's type is the part before its first `:` (issue 11): `note:42` is one note, `notes` the list.
 * Per-user data is tagged by its owner (`me:alice`, `inbox:alice`): those groups go to the owner's
 * browser and to the owner's feed stream only, never to the proxy (per-user reads pass it).
 */
import { parseStringList, serializeStringList } from './sf-string-list';

export const CACHE_GROUPS = 'Cache-Groups';
export const CACHE_GROUP_INVALIDATION = 'Cache-Group-Invalidation';

/** The groups of one note's representation (`GET /api/notes/:id`). */
export function tagsOfNote(id: number): string[] {
  return [`note:${id}`];
}

/** The groups of the notes list (`GET /api/notes`). */
export function tagsOfNoteList(): string[] {
  return ['notes'];
}

/** The groups of a user's profile (`GET /api/me`). */
export function tagsOfMe(user: string): string[] {
  return [`me:${user}`];
}

/** The groups of a user's inbox (`GET /api/inbox`). */
export function tagsOfInbox(user: string): string[] {
  return [`inbox:${user}`];
}

/** A committed change, named by what it touched. */
export type TaggedWrite = { resource: 'note'; id: number } | { resource: 'me' | 'inbox'; user: string };

/**
 * What a write invalidates: a note's create, update or delete changes that note and the list that
 * shows it; a profile or inbox change changes that one user's read.
 */
export function invalidatedBy(write: TaggedWrite): string[] {
  switch (write.resource) {
    case 'note':
      return [...tagsOfNote(write.id), ...tagsOfNoteList()];
    case 'me':
      return tagsOfMe(write.user);
    case 'inbox':
      return tagsOfInbox(write.user);
  }
}

/** `Cache-Groups` for a read's answer, 200 and 304 alike (a 304 updates the stored headers, RFC 9111 §4.3.4). */
export function cacheGroupsHeader(tags: readonly string[]): Record<string, string> {
  return { [CACHE_GROUPS]: serializeStringList(tags) };
}

/** `Cache-Group-Invalidation` (RFC 9875 §3) for a successful write's answer. */
export function invalidationHeader(write: TaggedWrite): Record<string, string> {
  return { [CACHE_GROUP_INVALIDATION]: serializeStringList(invalidatedBy(write)) };
}

/** The groups a reply's `Cache-Group-Invalidation` names; none when it has none or it is malformed. */
export function invalidatedGroupsOf(headers: Record<string, string>): string[] {
  const field = Object.entries(headers).find(([name]) => name.toLowerCase() === CACHE_GROUP_INVALIDATION.toLowerCase());
  return field === undefined ? [] : (parseStringList(field[1]) ?? []);
}
