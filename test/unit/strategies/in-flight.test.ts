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

/** A round whose fetch answered `v2` and whose store has begun (not finished), with what reads began before. */
async function roundBeingStored() {
  const fake = fakeHandler();
  const inFlight = new InFlight();
  const first = inFlight.fetchAndCachePut(fake.handler, request());
  const read = inFlight.beginRead(request()); // its cache read may come back after the store: stale
  fake.fetches[0]!.resolve(new Response('v2'));
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

  it('keeps the round open while the response is being stored (or a 304 merged and stored)', async () => {
    const { handler, fetches, inFlight } = await roundBeingStored();
    // Arrives while cachePut runs: joins, and is answered from the shared response.
    const answer = inFlight.fetchAndCachePut(handler, request());
    expect(fetches).toHaveLength(1);
    expect(await (await answer).text()).toBe('v2');
  });

  it('answers a request that read the old entry just before the store finished from that round', async () => {
    const { handler, fetches, inFlight, read, finishStore } = await roundBeingStored();
    await finishStore(); // the round is closed when the read comes back with the stale entry
    const answer = inFlight.fetchAndCachePut(handler, request(), read);
    read.end();
    expect(fetches).toHaveLength(1);
    expect(await (await answer).text()).toBe('v2');
  });

  it('starts a new round for a read that began after the last one was stored', async () => {
    const { handler, fetches, inFlight, finishStore } = await roundBeingStored();
    await finishStore();
    const read = inFlight.beginRead(request());
    void inFlight.fetchAndCachePut(handler, request(), read);
    read.end();
    expect(fetches).toHaveLength(2);
  });

  it('hands a network failure to every request of the round, and then lets the next one try again', async () => {
    const { handler, fetches } = fakeHandler();
    const inFlight = new InFlight();
    const read = inFlight.beginRead(request());
    const answers = [inFlight.fetchAndCachePut(handler, request()), inFlight.fetchAndCachePut(handler, request())];
    fetches[0]!.reject(new TypeError('Failed to fetch'));
    for (const answer of answers) await expect(answer).rejects.toThrow('Failed to fetch');
    await settle();
    const overlapping = inFlight.fetchAndCachePut(handler, request(), read);
    read.end();
    expect(fetches).toHaveLength(1);
    await expect(overlapping).rejects.toThrow('Failed to fetch');
    void inFlight.fetchAndCachePut(handler, request()).catch(() => undefined);
    expect(fetches).toHaveLength(2);
  });

  it('ends a round whose store failed (quota) without failing its requests', async () => {
    const { handler, fetches, stores, inFlight } = await roundBeingStored();
    stores[0]!.reject(new DOMException('full', 'QuotaExceededError'));
    await settle();
    void inFlight.fetchAndCachePut(handler, request());
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
