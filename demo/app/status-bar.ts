/**
 * The status bar: where the network stands as the worker sees it (online, offline, or the server
 * unreachable while the browser is online), and a badge with the number of queued writes. Built on
 * connectivity() and its event, and the outbox watch (outbox-watch.ts).
 */
import type { Connectivity, PendingEntry, Stowage } from '../../src/index.js';
import { $ } from './dom.js';
import type { OutboxWatch } from './outbox-watch.js';

const LABELS: Record<Connectivity, string> = { online: 'online', offline: 'offline', unreachable: 'server unreachable' };
const BANNERS: Record<Connectivity, string> = {
  online: '',
  offline: 'You are offline. Notes you write are kept on this device and sent when the connection returns.',
  unreachable: 'The server cannot be reached. Notes you write are kept on this device and sent when it answers again.',
};

export class StatusBar {
  readonly #stowage: Stowage;

  constructor(stowage: Stowage, watch: OutboxWatch) {
    this.#stowage = stowage;
    stowage.on('connectivity', ({ state }) => this.#show(state));
    watch.onChange((entries) => this.#showQueued(entries));
  }

  async start(): Promise<void> {
    this.#show((await this.#stowage.connectivity()).state);
  }

  #showQueued(entries: PendingEntry[]): void {
    const count = entries.length;
    const badge = $('#queued-badge');
    badge.textContent = String(count);
    badge.title = `${count} write${count === 1 ? '' : 's'} waiting in the outbox`;
    badge.dataset.count = String(count);
  }

  /** A message that is not about the network (a list that could not load, say); the state stays readable. */
  error(message: string): void {
    $('#app-error').textContent = message;
  }

  #show(state: Connectivity): void {
    const status = $('#status');
    status.textContent = LABELS[state];
    status.dataset.state = state;
    const banner = $('#offline-banner');
    banner.textContent = BANNERS[state];
    banner.hidden = state === 'online';
  }
}
