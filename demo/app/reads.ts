/**
 * Which layer answered each of the app's last reads, from the `Cache-Status` response header
 * (RFC 9211): its members run from the origin towards the page, and the last one with `hit` is the
 * layer that answered (Stowage's cache, the page's memory, a proxy); without one, the origin did.
 */
export interface Read {
  path: string;
  status: number;
  layer: string;
  cacheStatus: string;
}

const MAX_READS = 8;
const reads: Read[] = [];
const listeners = new Set<(reads: readonly Read[]) => void>();

/** Records a GET the app made (api.ts calls it for each one). */
export function recordRead(path: string, response: Response): void {
  const cacheStatus = response.headers.get('Cache-Status') ?? '';
  reads.unshift({ path, status: response.status, layer: answeringLayer(cacheStatus, response.status), cacheStatus });
  reads.length = Math.min(reads.length, MAX_READS);
  for (const listener of listeners) listener(reads);
}

export function onReads(listener: (reads: readonly Read[]) => void): void {
  listeners.add(listener);
}

export function answeringLayer(cacheStatus: string, status: number): string {
  const members = cacheStatus.split(',').map((member) => member.trim().split(';').map((part) => part.trim()));
  const hit = members.filter((parts) => parts.includes('hit')).pop();
  if (hit) return hit[0] === 'Stowage' ? 'Stowage cache' : hit[0] === 'Stowage-Memory' ? 'page memory' : hit[0]!;
  const stowage = members.find((parts) => parts[0] === 'Stowage');
  if (stowage?.some((part) => part.startsWith('detail='))) return `Stowage (${stowage.find((part) => part.startsWith('detail='))!.slice(7)})`;
  return status === 0 ? 'nobody' : 'origin';
}
