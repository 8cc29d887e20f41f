import type { WorkboxPlugin } from 'workbox-core/types.js';
import { StowageError } from '../../src/shared/errors.js';
import type { KeyStore } from '../crypto/keys.js';
import { open, seal } from '../crypto/seal.js';
import { isNullBodyStatus, sealedEntry, sealFormatOf } from '../entries/stored-entry.js';

const SEALED_FORMAT = 'aes-gcm-1';

export interface EncryptionOptions {
  partitionId: string;
  cacheName: string;
  keys: KeyStore;
}

interface Envelope {
  status: number;
  statusText: string;
  headers: [string, string][];
}

/**
 * Encryption at rest for a private route, as two plugins because Workbox runs each hook through the
 * plugins in array order: decrypting must come early on reads (before freshness reads the stored
 * headers) and encrypting late on writes (after freshness stamps its headers). `openEntry` serves
 * lookups outside those hooks: network-first reads its entry's validators before fetching.
 */
export function encryptionPlugins(options: EncryptionOptions): {
  decrypting: WorkboxPlugin;
  encrypting: WorkboxPlugin;
  /** A stored entry opened, or null when it does not open. */
  openEntry: (stored: Response, url: string) => Promise<Response | null>;
} {
  const openEntry = async (stored: Response, url: string): Promise<Response | null> => {
    try {
      return await unsealResponse(stored, url, options);
    } catch (error) {
      // A tampered, foreign or shredded entry is a miss: never a crash, never someone else's plaintext.
      console.warn(StowageError.from(error, 'decrypt-failed'));
      return null;
    }
  };
  return {
    openEntry,
    decrypting: {
      async cachedResponseWillBeUsed({ request, cachedResponse }) {
        return cachedResponse ? openEntry(cachedResponse, request.url) : null;
      },
    },
    encrypting: {
      async cacheWillUpdate({ request, response }) {
        return sealResponse(response, request.url, options);
      },
    },
  };
}

/**
 * Stores status, status text, headers and body as one sealed envelope, so nothing that reveals the
 * content (Content-Length, a content-hash ETag, Last-Modified) stays in clear.
 * Layout before sealing: 4-byte big-endian length of the JSON head, the head, the body.
 */
async function sealResponse(response: Response, url: string, { partitionId, cacheName, keys }: EncryptionOptions): Promise<Response> {
  const headers: [string, string][] = [];
  response.headers.forEach((value, name) => headers.push([name, value]));
  const head: Envelope = { status: response.status, statusText: response.statusText, headers };
  const headBytes = new TextEncoder().encode(JSON.stringify(head));
  const body = new Uint8Array(await response.arrayBuffer());
  const envelope = new Uint8Array(new ArrayBuffer(4 + headBytes.byteLength + body.byteLength));
  new DataView(envelope.buffer).setUint32(0, headBytes.byteLength);
  envelope.set(headBytes, 4);
  envelope.set(body, 4 + headBytes.byteLength);
  const key = await keys.getOrCreate(partitionId);
  const sealed = await seal(key, envelope, additionalData(partitionId, cacheName, url));
  return sealedEntry(sealed, SEALED_FORMAT);
}

async function unsealResponse(stored: Response, url: string, { partitionId, cacheName, keys }: EncryptionOptions): Promise<Response> {
  // An unsealed entry in an encrypted route's cache was not written by this route: refuse it.
  if (sealFormatOf(stored) !== SEALED_FORMAT) throw new StowageError('decrypt-failed', 'The stored entry is not sealed', { details: { url } });
  const key = await keys.get(partitionId);
  if (!key) throw new StowageError('decrypt-failed', 'The partition has no encryption key', { details: { url } });
  const envelope = new Uint8Array(await open(key, await stored.arrayBuffer(), additionalData(partitionId, cacheName, url)));
  const headLength = new DataView(envelope.buffer).getUint32(0);
  const head = JSON.parse(new TextDecoder().decode(envelope.subarray(4, 4 + headLength))) as Envelope;
  // A 204 (storable under HTTP rules) sealed an empty body, but a Response of that status takes none.
  const body = isNullBodyStatus(head.status) ? null : envelope.subarray(4 + headLength);
  return new Response(body, { status: head.status, statusText: head.statusText, headers: head.headers });
}

/** Binds a ciphertext to its user, cache and URL: copied to another entry or partition, it fails to open. */
function additionalData(partitionId: string, cacheName: string, url: string): string {
  return JSON.stringify([partitionId, cacheName, url]);
}
