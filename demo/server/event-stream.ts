/**
 * `text/event-stream` framing (HTML Living Standard, "Server-sent events" §9.2). Values never hold
 * a line break here: ids are integers and data is one line of JSON.
 */

export const EVENT_STREAM_TYPE = 'text/event-stream; charset=utf-8';

export interface StreamEvent {
  event: string;
  id: number;
  /** Serialized as one line of JSON. A block without data is never dispatched by EventSource, so there always is some. */
  data: unknown;
}

export function eventBlock({ event, id, data }: StreamEvent): string {
  return `event: ${event}\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The reconnection delay EventSource uses after the stream breaks. */
export function retryBlock(retryMs: number): string {
  return `retry: ${retryMs}\n\n`;
}

/** A comment line: ignored by EventSource, but traffic that keeps proxies from closing an idle stream. */
export function commentBlock(text: string): string {
  return `: ${text}\n\n`;
}
