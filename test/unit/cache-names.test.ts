import { describe, expect, it } from 'vitest';
import { parseCacheName, partitionCacheName, routeCacheName } from '../../sw/storage/cache-names.js';

describe('cache names of user partitions', () => {
  it('round-trips a partition cache name to its route cache and partition', () => {
    const route = routeCacheName('stowage', 'inbox');
    expect(parseCacheName(partitionCacheName(route, '0123abcd'))).toEqual({ routeCacheName: 'stowage-v1:inbox', partitionId: '0123abcd' });
  });

  it('reads a shared cache name as having no partition', () => {
    expect(parseCacheName('stowage-v1:notes')).toEqual({ routeCacheName: 'stowage-v1:notes', partitionId: undefined });
  });
});
