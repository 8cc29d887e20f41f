/**
 * The demo app: a small notes app whose reads and writes go through Stowage, written against the
 * public page API only (`register` and the handle), as an app would be. Each panel is one file:
 * status-bar.ts (connectivity, queued writes), notes.ts (the list and the editor), pending-panel.ts
 * (the outbox, conflicts), accounts.ts (sign in, switch, sign out), refresh-control.ts
 * (pull-to-refresh), live-panel.ts (hit ratios, which layer answered, invalidations).
 */
import { register } from '../../src/index.js';
import { Accounts } from './accounts.js';
import { $ } from './dom.js';
import { LivePanel } from './live-panel.js';
import { NotesView } from './notes.js';
import { OutboxWatch } from './outbox-watch.js';
import { PendingPanel } from './pending-panel.js';
import { installRefresh } from './refresh-control.js';
import { StatusBar } from './status-bar.js';
import { SyncStateView } from './sync-state.js';

async function main(): Promise<void> {
  // The server's feed of invalidations: what another device writes is revalidated here. Queued writes
  // live on this device only: ask the browser not to evict the origin's storage.
  const stowage = await register('/sw.js', { invalidations: '/api/invalidations', persist: true });
  // Exposed for the console and for the end-to-end tests, which drive the demo as their test bed.
  Object.assign(window, { stowage });

  const outbox = new OutboxWatch(stowage);
  const statusBar = new StatusBar(stowage, outbox);
  const sync = new SyncStateView(stowage, $('#outbox-count'), () => void notes.load());
  const notes: NotesView = new NotesView(sync, (message) => statusBar.error(message));
  const accounts = new Accounts(stowage);
  new PendingPanel(stowage, outbox, async (path) => {
    await Promise.all([notes.load(), notes.reopen(path)]);
  });
  const live = new LivePanel(stowage);
  installRefresh(stowage, [$('#notes'), $('#inbox')], async () => {
    await Promise.all([notes.load(), accounts.signedIn ? accounts.loadInbox() : undefined]);
  });
  $('#reload').addEventListener('click', () => void notes.load());

  // A panel that cannot load (offline on a first visit) says so itself; the page is ready regardless.
  await Promise.allSettled([statusBar.start(), notes.load(), accounts.show(), outbox.refresh()]);
  live.start();
  document.documentElement.dataset.stowage = 'ready';
}

main().catch((error: unknown) => {
  $('#app-error').textContent = `Stowage failed to start: ${String(error)}`;
});
