import { sameTag } from './revalidation.js';

/**
 * Whether a revalidation's response is another representation than the entry it replaces: by ETag
 * when both have one (weak or strong alike), else by body. An old body already handed out cannot be
 * compared: unchanged.
 */
export async function differs(old: Response, fresh: Response): Promise<boolean> {
  const oldTag = old.headers.get('ETag');
  const newTag = fresh.headers.get('ETag');
  if (oldTag !== null && newTag !== null) return !sameTag(oldTag, newTag);
  if (old.bodyUsed) return false;
  const [a, b] = await Promise.all([old.clone().arrayBuffer(), fresh.clone().arrayBuffer()]);
  if (a.byteLength !== b.byteLength) return true;
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  return !x.every((byte, index) => byte === y[index]);
}
