/**
 * The outbox, entry by entry: what each queued write is waiting for, how often it was tried and why
 * it last failed. A conflict (the server answered 412: someone saved the note since this copy was
 * loaded) is resolved either way: "Keep mine" sends it again with the note's current ETag, "Take
 * theirs" drops it and reloads the server's version. Failed and paused writes can be retried or
 * discarded. Built on pending(), retry(), discard(), refresh() and the outbox's events.
 */
import type { OutboxErrorInfo, PendingEntry, Stowage } from '../../src/index.js';
import { $, button, h } from './dom.js';
import type { OutboxWatch } from './outbox-watch.js';

const MAX_DELIVERED = 4;

export class PendingPanel {
  readonly #stowage: Stowage;
  /** After an entry was resolved, retried or discarded: its URL path, so the other views show the outcome. */
  readonly #onResolved: (path: string) => Promise<void>;
  readonly #watch: OutboxWatch;

  constructor(stowage: Stowage, watch: OutboxWatch, onResolved: (path: string) => Promise<void>) {
    this.#stowage = stowage;
    this.#watch = watch;
    this.#onResolved = onResolved;
    watch.onChange((entries) => this.#render(entries));
    stowage.on('delivered', ({ method, url, status }) => this.#delivered(`${method} ${new URL(url).pathname}`, status));
  }

  /** Runs a button's action, then shows the outbox as it is now (a discard announces no event). */
  async #act(path: string, action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } finally {
      await Promise.all([this.#watch.refresh(), this.#onResolved(path)]);
    }
  }

  #render(entries: PendingEntry[]): void {
    $('#pending-empty').hidden = entries.length > 0;
    $('#pending').replaceChildren(...entries.map((entry) => this.#row(entry)));
  }

  /** The last deliveries, newest first: the outbox's entries leave the panel once the server took them. */
  #delivered(what: string, status: number): void {
    const list = $('#delivered');
    list.prepend(h('li', {}, h('span', { textContent: `${what} delivered` }), h('small', { textContent: `${status} · ${new Date().toLocaleTimeString()}` })));
    while (list.children.length > MAX_DELIVERED) list.lastElementChild?.remove();
  }

  #row(entry: PendingEntry): HTMLLIElement {
    const path = new URL(entry.url).pathname;
    const attempts = `${entry.attempts} attempt${entry.attempts === 1 ? '' : 's'}`;
    const error = entry.lastError ? ` · ${describeError(entry.lastError)}` : '';
    const item = h(
      'li',
      {},
      h('span', {}, h('b', { textContent: `${entry.method} ${path}` }), h('span', { className: 'sync', textContent: entry.status }), h('small', { textContent: ` ${attempts}${error}` })),
    );
    item.dataset.entry = entry.id;
    item.dataset.sync = entry.status;
    const actions = h('span', { className: 'actions' });
    const action = (text: string, run: () => Promise<unknown>): HTMLButtonElement => button(text, () => this.#act(path, run));
    if (entry.status === 'conflict') {
      actions.append(action('Keep mine', () => this.#keepMine(entry, path)), action('Take theirs', () => this.#takeTheirs(entry, path)));
    } else if (entry.status === 'failed' || entry.status === 'paused') {
      actions.append(action('Retry', () => this.#stowage.retry(entry.id)), action('Discard', () => this.#stowage.discard(entry.id)));
    }
    item.append(actions);
    return item;
  }

  /** Sends my version again, now claiming to replace the version the server has. */
  async #keepMine(entry: PendingEntry, path: string): Promise<void> {
    // A GET would get my own queued copy: the worker serves it while the write waits. No route takes
    // HEAD, so it goes to the server, which names its current version's ETag.
    const current = await fetch(path, { method: 'HEAD', cache: 'no-store' });
    const etag = current.headers.get('ETag');
    await this.#stowage.retry(entry.id, etag ? { headers: { 'If-Match': etag } } : {});
  }

  /** Gives up my version and shows the server's. */
  async #takeTheirs(entry: PendingEntry, path: string): Promise<void> {
    await this.#stowage.discard(entry.id);
    await this.#stowage.refresh({ urls: [path] });
  }
}

/** The last error in a line: the status and what it means here, or the error code and message. */
function describeError({ status, code, message }: OutboxErrorInfo): string {
  if (status === 412) return '412: the note was changed elsewhere since this copy was loaded';
  if (status === 409) return '409: the server refused it as conflicting';
  const text = message.length > 80 ? `${message.slice(0, 79)}…` : message;
  return `${status ?? code}: ${text}`;
}
