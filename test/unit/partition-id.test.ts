import { describe, expect, it } from 'vitest';
import { partitionIdOf } from '../../sw/users/current-user.js';

describe('partition ids', () => {
  it('are 16 hex digits, stable for a user and different between users', async () => {
    const alice = await partitionIdOf('alice');
    expect(alice).toMatch(/^[0-9a-f]{16}$/);
    expect(await partitionIdOf('alice')).toBe(alice);
    expect(await partitionIdOf('bob')).not.toBe(alice);
  });
});
