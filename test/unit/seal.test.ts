import { describe, expect, it } from 'vitest';
import { isStowageError } from '../../src/shared/errors.js';
import { open, seal } from '../../sw/crypto/seal.js';

const newKey = (): Promise<CryptoKey> => crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
const bytes = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;
const opened = async (promise: Promise<ArrayBuffer>): Promise<string> => new TextDecoder().decode(await promise);

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('seal and open', () => {
  it('round-trips with the same key and additional data', async () => {
    const key = await newKey();
    const sealed = await seal(key, bytes('hello'), 'p1 cache url');
    expect(await opened(open(key, sealed.buffer, 'p1 cache url'))).toBe('hello');
  });

  it('uses a fresh IV for every write, so equal plaintexts give different ciphertexts', async () => {
    const key = await newKey();
    const [a, b] = await Promise.all([seal(key, bytes('same'), 'aad'), seal(key, bytes('same'), 'aad')]);
    expect(Buffer.from(a.subarray(0, 12)).equals(Buffer.from(b.subarray(0, 12)))).toBe(false);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it.each([
    ['other additional data (another URL or partition)', 'p1 cache other-url', false],
    ['another key (another user)', 'p1 cache url', true],
  ])('rejects %s with decrypt-failed', async (_label, aad, otherKey) => {
    const key = await newKey();
    const sealed = await seal(key, bytes('secret'), 'p1 cache url');
    const error = await failure(open(otherKey ? await newKey() : key, sealed.buffer, aad));
    expect(isStowageError(error) && error.code).toBe('decrypt-failed');
  });

  it('rejects a flipped bit and a truncated ciphertext with decrypt-failed', async () => {
    const key = await newKey();
    const sealed = await seal(key, bytes('secret'), 'aad');
    const flipped = sealed.slice();
    flipped[flipped.length - 1]! ^= 1;
    for (const tampered of [flipped.buffer, sealed.buffer.slice(0, 8)]) {
      const error = await failure(open(key, tampered, 'aad'));
      expect(isStowageError(error) && error.code).toBe('decrypt-failed');
    }
  });
});
