/**
 * The notes list and the editor. Edits send the ETag the editor loaded as `If-Match`, so an edit
 * made from a stale copy (another tab saved first) comes back from the server as a 412 conflict,
 * which the pending panel resolves.
 */
import { api } from './api.js';
import { $, h } from './dom.js';
import type { SyncStateView } from './sync-state.js';

export interface Note {
  id: number;
  title: string;
  body: string;
  updatedAt: string;
}

export class NotesView {
  readonly #sync: SyncStateView;
  readonly #onError: (message: string) => void;
  #open: { note: Note; etag: string | null } | undefined;
  #generation = 0;

  constructor(sync: SyncStateView, onError: (message: string) => void) {
    this.#sync = sync;
    this.#onError = onError;
    $('#create').addEventListener('submit', (event) => {
      event.preventDefault();
      const form = event.currentTarget as HTMLFormElement;
      const fields = formFields(form);
      void api<{ queued?: boolean; id?: string }>('/api/notes', { method: 'POST', body: JSON.stringify(fields) }).then(({ data }) => {
        if (data.queued && data.id) this.#sync.rememberTitle(data.id, fields.title);
        form.reset();
        return this.load();
      });
    });
    $('#edit').addEventListener('submit', (event) => {
      event.preventDefault();
      const open = this.#open;
      if (!open) return;
      const headers: Record<string, string> = open.etag ? { 'If-Match': open.etag } : {};
      const body = JSON.stringify(formFields(event.currentTarget as HTMLFormElement));
      void api(`/api/notes/${open.note.id}`, { method: 'PUT', headers, body }).then(() => this.load());
    });
    $('#delete').addEventListener('click', () => {
      if (!this.#open) return;
      void api(`/api/notes/${this.#open.note.id}`, { method: 'DELETE' }).then(() => {
        this.close();
        return this.load();
      });
    });
  }

  /** Loads the list (through the worker: offline, the last copy) and marks each note's sync state. */
  async load(): Promise<void> {
    // Loads overlap (a submit and an outbox event): only the latest one is shown, built off-screen.
    const generation = ++this.#generation;
    try {
      const { data: notes } = await api<Note[]>('/api/notes');
      const fresh = h('ul');
      fresh.append(
        ...notes.map((note) => {
          const item = h('li', {}, note.title, h('small', { textContent: new Date(note.updatedAt).toLocaleString() }));
          item.dataset.id = String(note.id);
          item.addEventListener('click', () => void this.open(note.id));
          return item;
        }),
      );
      await this.#sync.decorate(fresh);
      if (generation === this.#generation) $('#notes').replaceChildren(...fresh.children);
    } catch (error) {
      this.#onError(`Could not load notes: ${String(error)}`);
    }
  }

  async open(id: number): Promise<void> {
    const { data: note, etag } = await api<Note>(`/api/notes/${id}`);
    this.#open = { note, etag };
    const form = $<HTMLFormElement>('#edit');
    (form.elements.namedItem('title') as HTMLInputElement).value = note.title;
    (form.elements.namedItem('body') as HTMLTextAreaElement).value = note.body;
    $('#detail-id').textContent = `#${id}`;
    $('#detail').hidden = false;
  }

  /** The note in the editor, if it is `path` (after a conflict was resolved either way). */
  async reopen(path: string): Promise<void> {
    if (this.#open && `/api/notes/${this.#open.note.id}` === path) await this.open(this.#open.note.id);
  }

  close(): void {
    this.#open = undefined;
    $('#detail').hidden = true;
  }
}

function formFields(form: HTMLFormElement): { title: string; body: string } {
  const data = new FormData(form);
  return { title: String(data.get('title') ?? ''), body: String(data.get('body') ?? '') };
}
