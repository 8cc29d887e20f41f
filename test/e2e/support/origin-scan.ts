import type { InPage } from './in-page.js';

/** Where a marker string was found in the origin's storage. */
export interface Finding {
  where: 'cache' | 'indexeddb';
  location: string;
}

/**
 * Scans everything the origin stores for `marker`: every Cache Storage entry (URL, response headers
 * and body) and every record of every object store of every IndexedDB database (keys and values, with
 * ArrayBuffers, typed arrays and Blobs decoded as UTF-8 text).
 */
export function scanOrigin(page: InPage, marker: string): Promise<Finding[]> {
  return page.evaluate(async (marker) => {
    const findings: Array<{ where: 'cache' | 'indexeddb'; location: string }> = [];
    const decoder = new TextDecoder();
    const asText = async (value: unknown, seen = new Set<unknown>()): Promise<string> => {
      if (value instanceof ArrayBuffer) return decoder.decode(value);
      if (ArrayBuffer.isView(value)) return decoder.decode(value);
      if (value instanceof Blob) return value.text();
      if (value === null || typeof value !== 'object') return String(value);
      if (seen.has(value)) return '';
      seen.add(value);
      const parts = await Promise.all(
        Object.entries(value as Record<string, unknown>).map(async ([key, item]) => `${key}=${await asText(item, seen)}`),
      );
      return parts.join(';');
    };

    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        const headers = response ? [...response.headers].map(([key, value]) => `${key}: ${value}`).join('\n') : '';
        const body = response ? decoder.decode(await response.arrayBuffer()) : '';
        if (`${request.url}\n${headers}\n${body}`.includes(marker)) findings.push({ where: 'cache', location: `${name} ${request.url}` });
      }
    }

    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const storeName of [...db.objectStoreNames]) {
        const records = await new Promise<Array<{ key: IDBValidKey; value: unknown }>>((resolve, reject) => {
          const out: Array<{ key: IDBValidKey; value: unknown }> = [];
          const cursor = db.transaction(storeName).objectStore(storeName).openCursor();
          cursor.onsuccess = () => {
            const current = cursor.result;
            if (!current) return resolve(out);
            out.push({ key: current.key, value: current.value });
            current.continue();
          };
          cursor.onerror = () => reject(cursor.error);
        });
        for (const { key, value } of records) {
          if ((await asText({ key, value })).includes(marker)) findings.push({ where: 'indexeddb', location: `${name}/${storeName} ${String(key)}` });
        }
      }
      db.close();
    }
    return findings;
  }, marker);
}
