import { StowageError } from '../../src/shared/errors.js';

/** AES-GCM's recommended IV size (NIST SP 800-38D §8.2): 96 bits, random and fresh for every write. */
const IV_BYTES = 12;

/**
 * Encrypts with AES-GCM. The additional authenticated data binds the ciphertext to where it belongs
 * (user partition, cache, URL): moved anywhere else, it fails to open. Output: IV then ciphertext.
 */
export async function seal(key: CryptoKey, plaintext: BufferSource, aad: string): Promise<Uint8Array<ArrayBuffer>> {
  const iv = crypto.getRandomValues(new Uint8Array(new ArrayBuffer(IV_BYTES)));
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encodeText(aad) }, key, plaintext);
  const sealed = new Uint8Array(new ArrayBuffer(IV_BYTES + ciphertext.byteLength));
  sealed.set(iv);
  sealed.set(new Uint8Array(ciphertext), IV_BYTES);
  return sealed;
}

/** Decrypts what seal() produced with the same key and AAD; anything else throws StowageError('decrypt-failed'). */
export async function open(key: CryptoKey, sealed: ArrayBuffer, aad: string): Promise<ArrayBuffer> {
  if (sealed.byteLength <= IV_BYTES) throw new StowageError('decrypt-failed', 'The ciphertext is too short');
  try {
    return await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: sealed.slice(0, IV_BYTES), additionalData: encodeText(aad) },
      key,
      sealed.slice(IV_BYTES),
    );
  } catch (cause) {
    // WebCrypto reports a failed authentication tag as a bare OperationError.
    throw new StowageError('decrypt-failed', undefined, { cause });
  }
}

function encodeText(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;
}
