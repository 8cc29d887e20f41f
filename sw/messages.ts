import { StowageError } from '../src/shared/errors.js';
import { PROTOCOL_VERSION, isStowageMessage, type EventMap, type EventMessage, type EventName, type ReplyMessage, type RequestParams, type RequestResult, type RequestType } from '../src/shared/protocol.js';
import { noticeOfEvent, notices } from './notices.js';

declare let self: ServiceWorkerGlobalScope;

/** One handler per request type of the protocol; a missing one is a compile error. */
export type RequestHandlers = {
  [T in RequestType]: (params: RequestParams<T>, event: ExtendableMessageEvent) => Promise<RequestResult<T>> | RequestResult<T>;
};

/** Answers the page's requests. Every request gets exactly one reply, an error reply included. */
export function listenForRequests(handlers: RequestHandlers): void {
  self.addEventListener('message', (event) => {
    const message: unknown = event.data;
    const port = event.ports[0];
    if (!isStowageMessage(message) || message.kind !== 'request' || !port) return;
    event.waitUntil(
      (async () => {
        let reply: ReplyMessage;
        try {
          const handler = handlers[message.type] as ((params: unknown, event: ExtendableMessageEvent) => unknown) | undefined;
          if (!handler) throw new StowageError('unknown-request', `Unknown request type "${String(message.type)}"`);
          const result = await handler(message.params, event);
          reply = { stowage: PROTOCOL_VERSION, kind: 'reply', id: message.id, ok: true, result };
        } catch (error) {
          reply = { stowage: PROTOCOL_VERSION, kind: 'reply', id: message.id, ok: false, error: StowageError.from(error).toJSON() };
        }
        port.postMessage(reply);
      })(),
    );
  });
}

/**
 * Sends an event to every window of this origin, controlled or not (a page may be loading).
 * `noticed`: the change's notice went out already (an invalidation announces itself before it is
 * persisted and counted, sw/invalidation/invalidation.ts).
 */
export async function broadcast<E extends EventName>(name: E, detail: EventMap[E], { noticed = false }: { noticed?: boolean } = {}): Promise<void> {
  const message = { stowage: PROTOCOL_VERSION, kind: 'event', name, detail } as EventMessage;
  // Numbered before the event goes out: a page's memory drops what changed (sw/notices.ts).
  const change = noticed ? undefined : noticeOfEvent(name, detail);
  if (change) notices.announce(change);
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const client of windows) client.postMessage(message);
}
