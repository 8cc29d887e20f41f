import { StowageError } from '../shared/errors.js';
import { PROTOCOL_VERSION, type ReplyMessage, type RequestMessage, type RequestParams, type RequestResult, type RequestType } from '../shared/protocol.js';

/**
 * Request/reply over a fresh MessageChannel per request. Every request has a deadline: a worker that
 * was killed, replaced or never answers makes the promise reject with StowageError('timeout') instead
 * of hanging the app.
 */
export class WorkerChannel {
  #nextId = 1;
  readonly #container: ServiceWorkerContainer;
  readonly #timeoutMs: number;

  constructor(container: ServiceWorkerContainer, timeoutMs: number) {
    this.#container = container;
    this.#timeoutMs = timeoutMs;
  }

  /** Sends to the worker that controls this page (or to `target` when given). */
  request<T extends RequestType>(
    type: T,
    params: RequestParams<T>,
    options: { timeoutMs?: number; target?: ServiceWorker } = {},
  ): Promise<RequestResult<T>> {
    const worker = options.target ?? this.#container.controller;
    if (!worker) return Promise.reject(new StowageError('not-controlled'));
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    const id = this.#nextId++;
    const { port1, port2 } = new MessageChannel();
    return new Promise<RequestResult<T>>((resolve, reject) => {
      const timer = setTimeout(() => {
        port1.close();
        reject(new StowageError('timeout', `The service worker did not answer "${type}" within ${timeoutMs} ms`, { details: { type, timeoutMs } }));
      }, timeoutMs);
      port1.onmessage = (event: MessageEvent<ReplyMessage>) => {
        clearTimeout(timer);
        port1.close();
        const reply = event.data;
        if (reply.ok) resolve(reply.result as RequestResult<T>);
        else reject(StowageError.fromJSON(reply.error));
      };
      const message = { stowage: PROTOCOL_VERSION, kind: 'request', id, type, params } as RequestMessage;
      worker.postMessage(message, [port2]);
    });
  }
}
