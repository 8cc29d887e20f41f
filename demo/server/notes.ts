import type { ApiRequest, WriteRequest } from './context';
import type { NoteRow, Queries } from './store/store';
import { errorReply, etagFor, HttpError, httpDate, isRecord, jsonReply, readReply } from './http';
import type { Reply } from './http';
import { writePreconditionsPass } from './preconditions';
import { publicReadHeaders } from './surrogate';
import { invalidationHeader, tagsOfNote, tagsOfNoteList } from './tags';

export interface Note {
  id: number;
  title: string;
  body: string;
  updatedAt: string;
}

/** Deletes leave no row behind, so the collection's change time is kept here. */
const COLLECTION_CHANGED_AT = 'notes.changedAt';

export function toNote(row: NoteRow): Note {
  return { id: row.id, title: row.title, body: row.body, updatedAt: row.updated_at };
}

/** Headers every representation of one note carries, on reads and on write responses. */
function noteHeaders(note: Note): { ETag: string; 'Last-Modified': string } {
  return { ETag: etagFor(JSON.stringify(note)), 'Last-Modified': httpDate(Date.parse(note.updatedAt)) };
}

function parseId(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^[1-9][0-9]{0,15}$/.test(raw)) return undefined;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : undefined;
}

function invalid(detail: string): HttpError {
  return new HttpError(400, { error: 'invalid-body', detail });
}

interface NoteFields {
  title?: string;
  body?: string;
}

function parseFields(json: unknown, partial: boolean): NoteFields {
  if (!isRecord(json)) throw invalid('expected a JSON object');
  const { title, body } = json;
  if (title === undefined && !partial) throw invalid('title is required');
  if (title !== undefined && typeof title !== 'string') throw invalid('title must be a string');
  if (body !== undefined && typeof body !== 'string') throw invalid('body must be a string');
  const fields: NoteFields = {};
  if (title !== undefined) fields.title = title;
  if (body !== undefined) fields.body = body;
  return fields;
}

export async function listNotes(request: ApiRequest): Promise<Reply> {
  const { store } = request.app;
  const notes = (await store.listNotes()).map(toNote);
  const times = [await store.maxNoteUpdatedAt(), await store.getMeta(COLLECTION_CHANGED_AT)]
    .filter((value): value is string => typeof value === 'string')
    .map((value) => Date.parse(value));
  const lastModifiedMs = times.length > 0 ? Math.max(...times) : undefined;
  return readReply(request.req, notes, { cacheControl: 'no-cache', lastModifiedMs, headers: publicReadHeaders(tagsOfNoteList()) });
}

export async function getNote(request: ApiRequest): Promise<Reply> {
  const id = parseId(request.params[0]);
  const row = id === undefined ? undefined : await request.app.store.getNote(id);
  if (!row) return errorReply(404, 'not-found');
  const note = toNote(row);
  return readReply(request.req, note, {
    cacheControl: 'max-age=5',
    lastModifiedMs: Date.parse(note.updatedAt),
    headers: publicReadHeaders(tagsOfNote(note.id)),
  });
}

export async function createNote(request: WriteRequest): Promise<Reply> {
  const fields = parseFields(request.json, false);
  const { tx } = request;
  const now = new Date(request.app.now()).toISOString();
  const row = await tx.insertNote(fields.title ?? '', fields.body ?? '', now);
  await tx.setMeta(COLLECTION_CHANGED_AT, now);
  const note = toNote(row);
  return jsonReply(201, note, {
    ...noteHeaders(note),
    Location: `/api/notes/${note.id}`,
    ...invalidationHeader({ resource: 'note', id: note.id }),
  });
}

/**
 * Loads the target note and checks preconditions. Existence is checked first:
 * RFC 9110 §13.2.1 says preconditions are ignored when the unconditional
 * answer would be an error, so a missing note is 404, not 412.
 */
async function loadForWrite(request: WriteRequest): Promise<NoteRow | Reply> {
  const id = parseId(request.params[0]);
  const row = id === undefined ? undefined : await request.tx.getNote(id);
  if (!row) return errorReply(404, 'not-found');
  const current = toNote(row);
  const { ETag } = noteHeaders(current);
  if (!writePreconditionsPass(request.req, ETag, Date.parse(current.updatedAt))) {
    return jsonReply(412, { error: 'precondition-failed', current }, noteHeaders(current));
  }
  return row;
}

async function updateNote(request: WriteRequest, partial: boolean): Promise<Reply> {
  // Validate the body before looking at the note, so a bad body is always 400.
  const fields = parseFields(request.json, partial);
  const loaded = await loadForWrite(request);
  if ('status' in loaded) return loaded;
  const { tx } = request;
  const now = new Date(request.app.now()).toISOString();
  const title = fields.title ?? loaded.title;
  const body = fields.body ?? (partial ? loaded.body : '');
  const row = await tx.updateNote(loaded.id, title, body, now);
  if (!row) throw new Error('UPDATE … RETURNING returned no row');
  await tx.setMeta(COLLECTION_CHANGED_AT, now);
  const note = toNote(row);
  return jsonReply(200, note, { ...noteHeaders(note), ...invalidationHeader({ resource: 'note', id: note.id }) });
}

export const replaceNote = (request: WriteRequest): Promise<Reply> => updateNote(request, false);
export const patchNote = (request: WriteRequest): Promise<Reply> => updateNote(request, true);

export async function deleteNote(request: WriteRequest): Promise<Reply> {
  const loaded = await loadForWrite(request);
  if ('status' in loaded) return loaded;
  const { tx } = request;
  await tx.deleteNote(loaded.id);
  await tx.setMeta(COLLECTION_CHANGED_AT, new Date(request.app.now()).toISOString());
  return { status: 204, headers: invalidationHeader({ resource: 'note', id: loaded.id }) };
}

/** Replaces all notes with `seeds`, ids from 1; the caller has wiped the tables. */
export async function seedNotes(tx: Queries, nowMs: number, seeds: NoteFields[]): Promise<Note[]> {
  const time = new Date(nowMs).toISOString();
  const notes: Note[] = [];
  // One after another: ids follow the seeds' order.
  for (const seed of seeds) notes.push(toNote(await tx.insertNote(seed.title ?? '', seed.body ?? '', time)));
  await tx.setMeta(COLLECTION_CHANGED_AT, time);
  return notes;
}

export { parseFields as parseNoteFields };
