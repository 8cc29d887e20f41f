import { DEV } from '../../src/shared/dev.js';
import type { PrecacheEntry } from '../config/types.js';
import { expectName, expectObject, fail } from '../config/validate.js';

export interface ResolvedManifest {
  critical: PrecacheEntry[];
  warm: PrecacheEntry[];
  /** Names this build: the same URLs and revisions give the same id, any change another. */
  buildId: string;
}

/** Checks `precache` (paths such as `precache.critical[2].revision`) and resolves its URLs against the worker's origin. */
export function validatePrecache(value: unknown, origin: string): ResolvedManifest {
  const manifest = expectObject(value, 'precache');
  const seen = new Set<string>();
  const tier = (name: 'critical' | 'warm'): PrecacheEntry[] => {
    const entries = manifest[name] ?? [];
    if (!Array.isArray(entries)) fail(`precache.${name}`, DEV && 'must be an array of { url, revision }');
    return entries.map((entry: unknown, index: number) => {
      const path = `precache.${name}[${index}]`;
      const { url, revision } = expectObject(entry, path);
      const resolved = URL.parse(expectName(url, `${path}.url`), `${origin}/`);
      if (!resolved) fail(`${path}.url`, DEV && 'must be a URL');
      resolved.hash = '';
      if (seen.has(resolved.href)) fail(`${path}.url`, DEV && `"${resolved.href}" is listed twice`);
      seen.add(resolved.href);
      return { url: resolved.href, revision: expectName(revision, `${path}.revision`) };
    });
  };
  const critical = tier('critical');
  const warm = tier('warm');
  return { critical, warm, buildId: buildIdOf([...critical, ...warm]) };
}

/** FNV-1a (32 bits) over the sorted URLs and revisions: short, stable, and computed at install without awaiting. */
export function buildIdOf(entries: readonly PrecacheEntry[]): string {
  const text = entries
    .map(({ url, revision }) => `${url} ${revision}`)
    .sort()
    .join('\n');
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}
