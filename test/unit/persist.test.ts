import { describe, expect, it } from 'vitest';
import { askToPersist } from '../../src/client/persist.js';

const never = (): Promise<boolean> => new Promise<boolean>(() => undefined);

describe('askToPersist', () => {
  it('is false where navigator.storage or its persist() is missing (WebKitGTK)', async () => {
    expect(await askToPersist(undefined)).toBe(false);
    expect(await askToPersist({})).toBe(false);
  });

  it("is 'unknown' after the deadline when persist() never answers (Firefox's prompt)", async () => {
    const started = Date.now();
    expect(await askToPersist({ persist: never, persisted: async () => false }, 50)).toBe('unknown');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('is false when persist() rejects, and the answer when it answers', async () => {
    expect(await askToPersist({ persist: () => Promise.reject(new Error('denied')) }, 50)).toBe(false);
    expect(await askToPersist({ persist: async () => true }, 50)).toBe(true);
    expect(await askToPersist({ persist: async () => false }, 50)).toBe(false);
  });

  it('does not ask again when the origin is already persisted', async () => {
    expect(await askToPersist({ persist: never, persisted: async () => true }, 50)).toBe(true);
  });
});
