import { describe, expect, it } from 'vitest';
import { InFlight, type FetchingHandler } from '../../../sw/strategies/in-flight.js';

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A handler whose every fetch and store the test settles by hand, counting the fetches. */
function fakeHandler() {
  const fetches: Array<Deferred<Response>> = [];
  const stores: Array<Deferred<boolean>> = [];
  const handler: FetchingHandler = {
    fetch: () => {
      fetches.push(deferred<Response>());
      return fetches.at(-1)!.promise;
    },
    cachePut: () => {
      stores.push(deferred<boolean>());
      return stores.at(-1)!.promise;
    },
    waitUntil: (promise) => {
      promise.catch(() => undefined);
      return promise;
    },
  };
  return { handler, fetches, stores };
}

const request = () => new Request('https://app.test/api/notes/1');
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A shared fetch that answered `v2` and whose store has begun, and a cache read that began before it answered. */
async function responseBeingStored(cacheControl = 'max-age=1') {
  const fake = fakeHandler();
  const inFlight = new InFlight();
  const first = inFlight.fetchAndCachePut(fake.handler, request());
  const read = await inFlight.beginRead(request()); // may come back with the old entry after the store
  fake.fetches[0]!.resolve(new Response('v2', { headers: { 'Cache-Control': cacheControl } }));
  expect(await (await first).text()).toBe('v2');
  await settle();
  expect(fake.stores).toHaveLength(1);
  return { ...fake, inFlight, read, finishStore: () => (fake.stores[0]!.resolve(true), settle()) };
}

describe('InFlight: one network request per stampede', () => {
  it('shares one fetch among concurrent requests, each with a body of its own', async () => {
    const { handler, fetches } = fakeHandler();
    const inFlight = new InFlight();
    const answers = [1, 2, 3].map(() => inFlight.fetchAndCachePut(handler, request()));
    fetches[0]!.resolve(new Response('shared'));
    expect(await Promise.all(answers.map(async (answer) => (await answer).text()))).toEqual(['shared', 'shared', 'shared']);
    expect(fetches).toHaveLength(1);
  });

  it('lets a request that comes while the response is being stored read the cache only after the store', async () => {
    const { inFlight, finishStore } = await responseBeingStored();
    let reading = false;
    const read = inFlight.beginRead(request()).then(() => (reading = true));
    await settle();
    expect(reading).toBe(false);
    await finishStore();
    await read;
    expect(reading).toBe(true);
  });

  it('answers a read that began before the response arrived from it, even when the read ends after the store', async () => {
    const { handler, fetches, inFlight, read, finishStore } = await responseBeingStored();
    await finishStore();
    const answer = inFlight.fetchAndCachePut(handler, request(), read);
    read.end();
    expect(fetches).toHaveLength(1);
    expect(await (await answer).text()).toBe('v2');
  });

  it('answers a request that came during the store and found the new entry already stale from the stored response', async () => {
    const { handler, fetches, inFlight, finishStore } = await responseBeingStored('max-age=1');
    const waiting = inFlight.beginRead(request());
    await finishStore();
    const read = await waiting; // its read finds the entry stale: max-age=1 counted from a whole-second Date
    const answer = inFlight.fetchAndCachePut(handler, request(), read);
    read.end();
    expect(fetches).toHaveLength(1);
    expect(await (await answer).text()).toBe('v2');
  });

  it('revalidates for a request that came during the store of a no-cache or max-age=0 response', async () => {
    for (const cacheControl of ['no-cache', 'max-age=0', 'no-cache, max-age=60']) {
      const { handler, fetches, inFlight, finishStore } = await responseBeingStored(cacheControl);
      const waiting = inFlight.beginRead(request());
      await finishStore();
      const read = await waiting;
      void inFlight.fetchAndCachePut(handler, request(), read);
      read.end();
      expect(fetches).toHaveLength(2);
    }
  });

  it('fetches again for a read that began after the response was stored', async () => {
    const { handler, fetches, inFlight, finishStore } = await responseBeingStored();
    await finishStore();
    const read = await inFlight.beginRead(request());
    void inFlight.fetchAndCachePut(handler, request(), read);
    read.end();
    expect(fetches).toHaveLength(2);
  });

  it('hands a network failure to the requests and reads it overlapped, and then lets the next one try again', async () => {
    const { handler, fetches } = fakeHandler();
    const inFlight = new InFlight();
    const read = await inFlight.beginRead(request());
    const answers = [inFlight.fetchAndCachePut(handler, request()), inFlight.fetchAndCachePut(handler, request())];
    fetches[0]!.reject(new TypeError('Failed to fetch'));
    for (const answer of answers) await expect(answer).rejects.toThrow('Failed to fetch');
    const overlapping = inFlight.fetchAndCachePut(handler, request(), read);
    read.end();
    expect(fetches).toHaveLength(1);
    await expect(overlapping).rejects.toThrow('Failed to fetch');
    void inFlight.fetchAndCachePut(handler, request(), await inFlight.beginRead(request())).catch(() => undefined);
    expect(fetches).toHaveLength(2);
  });

  it('ends the store of a response that could not be stored (quota) without failing its requests', async () => {
    const { handler, fetches, stores, inFlight } = await responseBeingStored();
    stores[0]!.reject(new DOMException('full', 'QuotaExceededError'));
    await settle();
    const read = await inFlight.beginRead(request());
    void inFlight.fetchAndCachePut(handler, request(), read);
    expect(fetches).toHaveLength(2);
  });

  it('does not share between requests whose headers differ', () => {
    const { handler, fetches } = fakeHandler();
    const inFlight = new InFlight();
    void inFlight.fetchAndCachePut(handler, request());
    void inFlight.fetchAndCachePut(handler, new Request(request(), { headers: { Accept: 'text/html' } }));
    expect(fetches).toHaveLength(2);
  });
});
