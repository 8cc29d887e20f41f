/**
 * The demo's view of the outbox: each note's sync state (queued, delivered, conflict, failed), the
 * number of queued mutations, and queued creations shown in the list before the server gave them an
 * id (optimistic create). Built on pending() and the worker's events only.
 */
import type { PendingEntry, Stowage } from '../../src/index.js';

type SyncState = PendingEntry['status'] | 'delivered';

/** Titles of queued creations, by entry id: pending() lists no bodies, and the page knows what it sent. */
const TITLES_KEY = 'stowage-demo-queued-titles';

export class SyncStateView {
  readonly #stowage: Stowage;
  readonly #count: HTMLElement;
  /** Notes whose last write was delivered in this session, by URL path. */
  readonly #delivered = new Set<string>();

  constructor(stowage: Stowage, count: HTMLElement, onChange: () => void) {
    this.#stowage = stowage;
    this.#count = count;
    // A burst of events (a replay delivering a hundred entries) redraws once.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const changed = (): void => {
      clearTimeout(timer);
      timer = setTimeout(onChange, 250);
    };
    stowage.on('delivered', ({ url }) => {
      this.#delivered.add(new URL(url).pathname);
      changed();
    });
    for (const name of ['queued', 'conflict', 'failed', 'auth-required', 'drained'] as const) stowage.on(name, changed);
  }

  /** A create was queued: remember its title to show it until it is delivered. */
  rememberTitle(entryId: string, title: string): void {
    sessionStorage.setItem(TITLES_KEY, JSON.stringify({ ...this.#titles(), [entryId]: title }));
  }

  /** Marks the rendered notes with their sync state and appends the creations still queued. */
  async decorate(list: HTMLUListElement): Promise<void> {
    const entries = await this.#stowage.pending();
    const waiting = entries.filter((entry) => entry.status !== 'sending').length;
    this.#count.textContent = waiting === 0 ? 'all changes saved' : `${waiting} queued mutation${waiting === 1 ? '' : 's'}`;
    const byPath = new Map(entries.map((entry) => [new URL(entry.url).pathname, entry]));
    for (const item of list.querySelectorAll<HTMLLIElement>('li[data-id]')) {
      const path = `/api/notes/${item.dataset.id}`;
      const entry = byPath.get(path);
      this.#badge(item, entry ? entry.status : this.#delivered.has(path) ? 'delivered' : undefined, entry);
    }
    const titles = this.#titles();
    for (const entry of entries.filter((candidate) => candidate.method === 'POST' && new URL(candidate.url).pathname === '/api/notes')) {
      const item = document.createElement('li');
      item.dataset.entry = entry.id;
      item.append(titles[entry.id] ?? '(new note)');
      this.#badge(item, entry.status, entry);
      list.append(item);
    }
  }

  #badge(item: HTMLLIElement, state: SyncState | undefined, entry: PendingEntry | undefined): void {
    if (!state) return;
    item.dataset.sync = state;
    const badge = Object.assign(document.createElement('span'), { className: 'sync', textContent: state });
    if (entry?.lastError) badge.title = entry.lastError.message;
    item.append(badge);
    if (entry && (state === 'conflict' || state === 'failed')) {
      const discard = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Discard' });
      discard.addEventListener('click', (event) => {
        event.stopPropagation();
        void this.#stowage.discard(entry.id);
      });
      item.append(discard);
    }
  }

  #titles(): Record<string, string> {
    return JSON.parse(sessionStorage.getItem(TITLES_KEY) ?? '{}') as Record<string, string>;
  }
}
