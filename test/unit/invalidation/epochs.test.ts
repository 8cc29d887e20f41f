import { describe, expect, it } from 'vitest';
import { keysOfEntry, keysOfInvalidation, PartitionEpochs, strongerMode } from '../../../sw/invalidation/epochs.js';

const entry = (startSeq: number, tags: string[] = ['note:42'], url = 'https://x.test/api/notes/42') => ({ startSeq, tags, url, route: 'note' });

describe('epochs', () => {
  it('cover an entry whose request started before the invalidation, never one that started after', () => {
    const epochs = new PartitionEpochs();
    const before = epochs.seq;
    epochs.invalidate(keysOfInvalidation({ tags: ['note:42'] }), 'stale');
    expect(epochs.coverage(entry(before))).toBe('stale');
    expect(epochs.coverage(entry(epochs.seq))).toBeUndefined();
  });

  it('an in-flight request started before the invalidation is covered when its response is stored later', () => {
    const epochs = new PartitionEpochs();
    const startedAt = epochs.seq; // the request goes out
    epochs.invalidate(keysOfInvalidation({ tags: ['note'] }), 'expire'); // invalidated while in flight
    expect(epochs.coverage(entry(startedAt))).toBe('expire'); // stored already invalidated
  });

  it('a type invalidation covers every tag of the type; a tag invalidation covers that tag only', () => {
    const epochs = new PartitionEpochs();
    epochs.invalidate(keysOfInvalidation({ tags: ['note'] }), 'stale');
    expect(epochs.coverage(entry(0, ['note:1']))).toBe('stale');
    expect(epochs.coverage(entry(0, ['notes'], 'https://x.test/api/notes'))).toBeUndefined();
    const other = new PartitionEpochs();
    other.invalidate(keysOfInvalidation({ tags: ['note:1'] }), 'stale');
    expect(other.coverage(entry(0, ['note:2'], 'https://x.test/a'))).toBeUndefined();
  });

  it('urls without a query cover every query of the path; with one, that URL only; routes and * cover their entries', () => {
    const epochs = new PartitionEpochs();
    epochs.invalidate(keysOfInvalidation({ urls: ['https://x.test/list'] }), 'stale');
    expect(epochs.coverage(entry(0, [], 'https://x.test/list?page=2'))).toBe('stale');
    const query = new PartitionEpochs();
    query.invalidate(keysOfInvalidation({ urls: ['https://x.test/list?page=2'] }), 'stale');
    expect(query.coverage(entry(0, [], 'https://x.test/list?page=3'))).toBeUndefined();
    const route = new PartitionEpochs();
    route.invalidate(keysOfInvalidation({ routes: ['note'] }), 'purge');
    expect(route.coverage(entry(0, []))).toBe('purge');
    const all = new PartitionEpochs();
    all.invalidate(keysOfInvalidation({ all: true }), 'expire');
    expect(all.coverage(entry(0, []))).toBe('expire');
    expect(keysOfEntry(entry(0, ['note:42'])).sort()).toEqual(['*', 'route:note', 'tag:note', 'tag:note:42', 'url:https://x.test/api/notes/42']);
  });

  it('the strongest mode among the covering epochs applies, whatever their order', () => {
    const epochs = new PartitionEpochs();
    epochs.invalidate(keysOfInvalidation({ tags: ['note:42'] }), 'purge');
    epochs.invalidate(keysOfInvalidation({ tags: ['note:42'] }), 'stale');
    expect(epochs.coverage(entry(0))).toBe('purge');
    // An entry stored between the two is covered by the later stale only.
    expect(epochs.coverage(entry(1))).toBe('stale');
    expect(strongerMode('stale', 'expire')).toBe('expire');
    expect(strongerMode(undefined, 'stale')).toBe('stale');
  });

  it('restores persisted epochs with the sequence after the largest', () => {
    const epochs = new PartitionEpochs();
    epochs.restore('tag:a', { stale: 3, purge: 7 });
    epochs.restore('tag:b', { expire: 5 });
    expect(epochs.seq).toBe(7);
    expect(epochs.invalidate(['tag:c'], 'stale').seq).toBe(8);
    expect(epochs.coverage(entry(6, ['a']))).toBe('purge');
  });
});
