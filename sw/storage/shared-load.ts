/**
 * Something read from storage once per worker and then shared: concurrent callers share one load.
 * A load that fails (IndexedDB could not open its backing store, say, while a crashed browser's
 * process still held it) is forgotten, so the next caller tries again instead of the worker failing
 * the same way for the rest of its life.
 */
export class SharedLoad<T> {
  readonly #load: () => Promise<T>;
  #value: Promise<T> | undefined;

  constructor(load: () => Promise<T>) {
    this.#load = load;
  }

  get(): Promise<T> {
    if (this.#value) return this.#value;
    const loading = this.#load().catch((error: unknown) => {
      if (this.#value === loading) this.#value = undefined;
      throw error;
    });
    this.#value = loading;
    return loading;
  }

  /** Replaces what is held (a value just written, so nobody reads it back). */
  set(value: T): void {
    this.#value = Promise.resolve(value);
  }

  /** Drops what is held: the next get() loads again. */
  forget(): void {
    this.#value = undefined;
  }
}
