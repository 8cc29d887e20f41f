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
    return this.#value ?? this.#hold(this.#load());
  }

  /** Replaces what is held: a value just written, or one being written (a failure is forgotten too). */
  set(value: T | Promise<T>): void {
    // The writer awaits its own promise and sees a failure there; nobody else awaits this one yet.
    this.#hold(Promise.resolve(value)).catch(() => undefined);
  }

  /** Drops what is held: the next get() loads again. */
  forget(): void {
    this.#value = undefined;
  }

  #hold(value: Promise<T>): Promise<T> {
    const held = value.catch((error: unknown) => {
      if (this.#value === held) this.#value = undefined;
      throw error;
    });
    this.#value = held;
    return held;
  }
}
