/** A small typed event emitter. Every subscription returns its own unsubscribe function. */
export class Emitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<(detail: never) => void>>();

  on<E extends keyof Events>(name: E, listener: (detail: Events[E]) => void): () => void {
    const listeners = this.#listeners.get(name) ?? new Set();
    listeners.add(listener as (detail: never) => void);
    this.#listeners.set(name, listeners);
    return () => void listeners.delete(listener as (detail: never) => void);
  }

  emit<E extends keyof Events>(name: E, detail: Events[E]): void {
    for (const listener of [...(this.#listeners.get(name) ?? [])]) {
      try {
        (listener as (detail: Events[E]) => void)(detail);
      } catch (error) {
        // One broken listener must not stop the others; surface it like an uncaught error would be.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
