/**
 * The demo app: a small notes app whose reads and writes go through Stowage. It is written against
 * the public API only (`register`, the handle), as an app would be.
 */
import { register, type RefreshReport, type Stowage } from '../../src/index.js';
import { onPullToRefresh } from './pull-to-refresh.js';
import { SyncStateView } from './sync-state.js';

interface Note {
  id: number;
  title: string;
  body: string;
  updatedAt: string;
}

const $ = <T extends HTMLElement>(selector: string): T => {
  const element = document.querySelector<T>(selector);
  if (!element) throw new Error(`Missing element ${selector}`);
  return element;
};

const status = $<HTMLSpanElement>('#status');
let selected: Note | undefined;
let syncState: SyncStateView | undefined;

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, { ...init, headers: { 'Content-Type': 'application/json', ...init.headers } });
  const text = await response.text();
  const data: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) throw new Error(`${response.status} ${JSON.stringify(data)}`);
  return data as T;
}

async function loadNotes(): Promise<void> {
  const list = $<HTMLUListElement>('#notes');
  try {
    const notes = await api<Note[]>('/api/notes');
    list.replaceChildren(
      ...notes.map((note) => {
        const item = document.createElement('li');
        item.dataset.id = String(note.id);
        item.append(note.title, Object.assign(document.createElement('small'), { textContent: new Date(note.updatedAt).toLocaleString() }));
        item.addEventListener('click', () => void openNote(note.id));
        return item;
      }),
    );
    await syncState?.decorate(list);
  } catch (error) {
    status.textContent = `Could not load notes: ${String(error)}`;
  }
}

async function openNote(id: number): Promise<void> {
  selected = await api<Note>(`/api/notes/${id}`);
  const form = $<HTMLFormElement>('#edit');
  (form.elements.namedItem('title') as HTMLInputElement).value = selected.title;
  (form.elements.namedItem('body') as HTMLTextAreaElement).value = selected.body;
  $('#detail-id').textContent = `#${id}`;
  $('#detail').hidden = false;
}

function formFields(form: HTMLFormElement): { title: string; body: string } {
  const data = new FormData(form);
  return { title: String(data.get('title') ?? ''), body: String(data.get('body') ?? '') };
}

/** A row per route that has served anything yet (the test-bed routes stay quiet in normal use). */
async function showStats(stowage: Stowage): Promise<void> {
  const columns = ['hits', 'misses', 'network', 'stale', 'errors'] as const;
  const rows = Object.entries((await stowage.stats()).routes)
    .filter(([, counts]) => columns.some((column) => counts[column] > 0))
    .map(([route, counts]) => {
      const row = document.createElement('tr');
      for (const text of [route, ...columns.map((column) => String(counts[column]))]) {
        row.append(Object.assign(document.createElement('td'), { textContent: text }));
      }
      return row;
    });
  $('#stats').replaceChildren(...rows);
}

async function showUser(): Promise<void> {
  const me = await fetch('/api/me').then((response) => (response.ok ? (response.json() as Promise<{ user: string }>) : null));
  $('#who').textContent = me ? `Signed in as ${me.user}` : '';
  $('#who').hidden = !me;
  $('#logout').hidden = !me;
  $('#login').hidden = Boolean(me);
  $('#inbox-section').hidden = !me;
  if (me) await loadInbox();
}

interface Message {
  id: number;
  from: string;
  subject: string;
  text: string;
}

async function loadInbox(): Promise<void> {
  const messages = await api<Message[]>('/api/inbox').catch(() => []);
  $('#inbox').replaceChildren(
    ...messages.map((message) => {
      const item = document.createElement('li');
      item.append(message.subject, Object.assign(document.createElement('small'), { textContent: message.from }));
      return item;
    }),
  );
}

/** Pull-to-refresh and the Refresh button: revalidate everything now, then show what changed. */
async function refreshAll(stowage: Stowage): Promise<void> {
  const report: RefreshReport = await stowage.refresh();
  const failed = report.entries.find((entry) => entry.outcome === 'failed');
  $('#refresh-report').textContent =
    `${report.checked} checked: ${report.changed} changed, ${report.unchanged} unchanged, ${report.failed} failed` +
    (failed?.reason ? ` (${failed.reason})` : '');
  await Promise.all([loadNotes(), $('#inbox-section').hidden ? undefined : loadInbox()]);
}

async function main(): Promise<void> {
  // The server's feed of invalidations: what another device writes is revalidated here.
  const stowage = await register('/sw.js', { invalidations: '/api/invalidations' });
  // Exposed for the console and for the end-to-end tests, which drive the demo as their test bed.
  Object.assign(window, { stowage });
  syncState = new SyncStateView(stowage, $('#outbox-count'), () => void loadNotes());
  document.documentElement.dataset.stowage = 'ready';
  status.textContent = navigator.onLine ? 'online' : 'offline';
  addEventListener('online', () => (status.textContent = 'online'));
  addEventListener('offline', () => (status.textContent = 'offline'));

  $('#create').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const fields = formFields(form);
    void api<{ queued?: boolean; id?: string }>('/api/notes', { method: 'POST', body: JSON.stringify(fields) }).then((created) => {
      if (created.queued && created.id) syncState?.rememberTitle(created.id, fields.title);
      form.reset();
      return loadNotes();
    });
  });
  $('#edit').addEventListener('submit', (event) => {
    event.preventDefault();
    if (!selected) return;
    void api(`/api/notes/${selected.id}`, { method: 'PUT', body: JSON.stringify(formFields(event.currentTarget as HTMLFormElement)) }).then(loadNotes);
  });
  $('#delete').addEventListener('click', () => {
    if (!selected) return;
    void api(`/api/notes/${selected.id}`, { method: 'DELETE' }).then(() => {
      $('#detail').hidden = true;
      return loadNotes();
    });
  });
  $('#login').addEventListener('submit', (event) => {
    event.preventDefault();
    const user = String(new FormData(event.currentTarget as HTMLFormElement).get('user'));
    void api('/api/login', { method: 'POST', body: JSON.stringify({ user }) })
      .then(() => stowage.setUser(user))
      .then(showUser);
  });
  // Purge this user's data first (while the session still lets queued writes through), then end the session.
  $('#logout').addEventListener('click', () => {
    void stowage
      .clear()
      .then(() => api('/api/logout', { method: 'POST' }))
      .then(showUser);
  });
  // Another tab logged in or out.
  stowage.on('user-changed', () => void showUser());
  $('#refresh').addEventListener('click', () => void refreshAll(stowage));
  onPullToRefresh($('#inbox'), () => refreshAll(stowage));
  onPullToRefresh($('#notes'), () => refreshAll(stowage));
  $('#reload').addEventListener('click', () => void loadNotes());
  $('#refresh-stats').addEventListener('click', () => void showStats(stowage));

  await Promise.all([loadNotes(), showUser(), showStats(stowage)]);
}

main().catch((error: unknown) => {
  status.textContent = `Stowage failed to start: ${String(error)}`;
});
