import { StowageError } from '../../src/shared/errors.js';
import type { PrecacheEntry } from '../config/types.js';
import type { ResolvedManifest } from './manifest.js';

declare let self: ServiceWorkerGlobalScope;

/** Kept in each build's cache next to its assets: its manifest (URL → revision) and the windows that loaded it. */
const MANIFEST_PATH = '/__stowage/precache/manifest';
const CLIENTS_PATH = '/__stowage/precache/clients';

/**
 * One Cache Storage cache per build, named `<prefix>-precache:<buildId>`, outside the route caches'
 * `<prefix>-v<format>:` names, so the routes' clean-up on activation never deletes a build an open
 * page still uses. Each build's cache keeps its manifest (so a later build copies an unchanged
 * revision instead of fetching it) and the ids of the windows it served (so it is deleted only once
 * none of them is open).
 */
export class BuildCaches {
  readonly current: string;
  readonly #prefix: string;
  readonly #manifest: ResolvedManifest;
  #clientsWrite: Promise<unknown> = Promise.resolve();

  constructor(prefix: string, manifest: ResolvedManifest) {
    this.#prefix = `${prefix}-precache:`;
    this.#manifest = manifest;
    this.current = `${this.#prefix}${manifest.buildId}`;
  }

  /**
   * Install: every critical asset is in this build's cache, or this rejects (and the install fails,
   * as Workbox's precache does). Unchanged revisions of either tier are copied from an earlier build.
   */
  async install(): Promise<void> {
    const cache = await caches.open(this.current);
    const earlier = await this.#earlierRevisions();
    const copy = async ({ url, revision }: PrecacheEntry): Promise<boolean> => {
      const from = earlier.get(`${url} ${revision}`);
      const copied = from && (await caches.match(url, { cacheName: from }));
      if (copied) await cache.put(url, copied);
      return copied !== undefined;
    };
    await Promise.all(this.#manifest.critical.map(async (entry) => (await copy(entry)) || (await this.store(entry))));
    await Promise.all(this.#manifest.warm.map(copy));
    const revisions = Object.fromEntries([...this.#manifest.critical, ...this.#manifest.warm].map(({ url, revision }) => [url, revision]));
    await cache.put(this.#metaUrl(MANIFEST_PATH), Response.json(revisions));
  }

  /** The warm tier's assets this build's cache does not have yet. */
  async missingWarm(): Promise<PrecacheEntry[]> {
    const cache = await caches.open(this.current);
    const present = new Set((await cache.keys()).map((key) => key.url));
    return this.#manifest.warm.filter(({ url }) => !present.has(url));
  }

  /** Fetches one asset past the HTTP cache and stores it in this build's cache; resolves to its size. */
  async store({ url }: PrecacheEntry): Promise<number> {
    // `reload`: a revision names new content; a copy the HTTP cache kept would be the old one.
    const response = await fetch(new Request(url, { cache: 'reload', credentials: 'same-origin' })).catch((error: unknown) => {
      throw new StowageError(navigator.onLine ? 'network-error' : 'offline', `Could not precache ${url}`, { details: { url }, cause: error });
    });
    if (!response.ok) throw new StowageError('network-error', `Could not precache ${url}: status ${response.status}`, { details: { url, status: response.status } });
    const body = await response.clone().arrayBuffer();
    await (await caches.open(this.current)).put(url, response);
    return body.byteLength;
  }

  /** The cached asset, from this build or the newest earlier build that has it. */
  async match(url: string, builds: readonly string[]): Promise<Response | undefined> {
    for (const cacheName of [this.current, ...builds]) {
      const found = await caches.match(url, { cacheName });
      if (found) return found;
    }
    return undefined;
  }

  /** Earlier builds' asset URLs, for serving a page of that build (its lazy chunks are not in this manifest). */
  async earlierAssets(): Promise<Map<string, string[]>> {
    const assets = new Map<string, string[]>();
    for (const cacheName of await this.#earlierBuilds()) {
      for (const url of Object.keys(await this.#readJson<Record<string, string>>(cacheName, MANIFEST_PATH, {}))) {
        assets.set(url, [...(assets.get(url) ?? []), cacheName]);
      }
    }
    return assets;
  }

  /** Records that a window loaded this build (its navigation was served by this worker). */
  noteClient(clientId: string): Promise<void> {
    return this.#updateClients(this.current, (ids) => [...new Set([...ids, clientId])]);
  }

  /** On activation: windows no build recorded (opened before any worker, or before this feature) loaded this one. */
  async adoptUnrecordedClients(): Promise<void> {
    const recorded = new Set<string>();
    for (const cacheName of await this.#earlierBuilds()) for (const id of await this.#readJson<string[]>(cacheName, CLIENTS_PATH, [])) recorded.add(id);
    const open = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    const unrecorded = open.map((client) => client.id).filter((id) => !recorded.has(id));
    await this.#updateClients(this.current, (ids) => [...new Set([...ids, ...unrecorded])]);
  }

  /** Deletes every earlier build that no open window uses; resolves to the builds kept. */
  async prune(): Promise<string[]> {
    const open = new Set((await self.clients.matchAll({ type: 'window', includeUncontrolled: true })).map((client) => client.id));
    const kept: string[] = [];
    for (const cacheName of await this.#earlierBuilds()) {
      const users = await this.#readJson<string[]>(cacheName, CLIENTS_PATH, []);
      if (users.some((id) => open.has(id))) kept.push(cacheName);
      else await caches.delete(cacheName);
    }
    return kept;
  }

  async #earlierBuilds(): Promise<string[]> {
    // Newest last in creation order is not guaranteed by keys(); any order serves, since revisions match.
    return (await caches.keys()).filter((name) => name.startsWith(this.#prefix) && name !== this.current);
  }

  /** `url revision` → the earlier build caches holding that revision. */
  async #earlierRevisions(): Promise<Map<string, string>> {
    const revisions = new Map<string, string>();
    for (const cacheName of await this.#earlierBuilds()) {
      for (const [url, revision] of Object.entries(await this.#readJson<Record<string, string>>(cacheName, MANIFEST_PATH, {}))) {
        revisions.set(`${url} ${revision}`, cacheName);
      }
    }
    return revisions;
  }

  #updateClients(cacheName: string, change: (ids: string[]) => string[]): Promise<void> {
    // One read-modify-write at a time: concurrent navigations would otherwise drop each other's ids.
    const write = this.#clientsWrite.then(async () => {
      const ids = change(await this.#readJson<string[]>(cacheName, CLIENTS_PATH, []));
      await (await caches.open(cacheName)).put(this.#metaUrl(CLIENTS_PATH), Response.json(ids));
    });
    this.#clientsWrite = write.catch(() => undefined);
    return write;
  }

  async #readJson<T>(cacheName: string, path: string, fallback: T): Promise<T> {
    const entry = await caches.match(this.#metaUrl(path), { cacheName });
    return entry ? ((await entry.json()) as T) : fallback;
  }

  #metaUrl(path: string): string {
    return new URL(path, self.location.origin).href;
  }
}
