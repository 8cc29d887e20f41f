import { isStowageMessage, type EventMap, type EventName, type StatsSnapshot } from '../protocol.js';
import type { WorkerChannel } from './channel.js';
import { Emitter } from './emitter.js';

/** The page's handle on the Stowage service worker, returned by register(). */
export class Stowage {
  readonly registration: ServiceWorkerRegistration;
  readonly #channel: WorkerChannel;
  readonly #events = new Emitter<EventMap>();
  readonly #container: ServiceWorkerContainer;
  readonly #onMessage = (event: MessageEvent): void => {
    const message: unknown = event.data;
    if (isStowageMessage(message) && message.kind === 'event') this.#events.emit(message.name, message.detail as never);
  };

  constructor(registration: ServiceWorkerRegistration, channel: WorkerChannel, container: ServiceWorkerContainer) {
    this.registration = registration;
    this.#channel = channel;
    this.#container = container;
    container.addEventListener('message', this.#onMessage);
  }

  /** Per-route counts of cache hits, misses, network responses, stale responses and failures. */
  stats(): Promise<StatsSnapshot> {
    return this.#channel.request('stats', {});
  }

  /** Subscribes to a worker event; returns the function that unsubscribes. */
  on<E extends EventName>(name: E, listener: (detail: EventMap[E]) => void): () => void {
    return this.#events.on(name, listener);
  }

  /** Stops listening to the worker; the worker itself keeps running. */
  dispose(): void {
    this.#container.removeEventListener('message', this.#onMessage);
  }
}
