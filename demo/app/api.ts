import { recordRead } from './reads.js';

/** What the demo's JSON API answered, with the ETag a later write sends back as If-Match. */
export interface ApiReply<T> {
  data: T;
  etag: string | null;
}

/**
 * fetch() for the demo's JSON API. Every request goes through the worker as any fetch() would; reads
 * are recorded with the layer that answered them (reads.ts). A non-2xx answer throws.
 */
export async function api<T>(path: string, init: RequestInit = {}): Promise<ApiReply<T>> {
  const response = await fetch(path, { ...init, headers: { 'Content-Type': 'application/json', ...init.headers } });
  if ((init.method ?? 'GET') === 'GET') recordRead(path, response);
  const text = await response.text();
  const data: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) throw new Error(`${response.status} ${JSON.stringify(data)}`);
  return { data: data as T, etag: response.headers.get('ETag') };
}
