/** Runs async sections one at a time, in the order they asked, on one process. */
export class Mutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(section: () => T | Promise<T>): Promise<T> {
    const result = this.#tail.then(section);
    // The next section waits for this one however it ends.
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
