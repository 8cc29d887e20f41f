import { describe, expect, it } from 'vitest';
import { appIdempotencyKey, formatIdempotencyKey } from '../../sw/outbox/idempotency-key.js';

describe('appIdempotencyKey', () => {
  const keyOf = (value?: string) => appIdempotencyKey(new Headers(value === undefined ? {} : { 'Idempotency-Key': value }));

  it('is undefined when the app sent none, or an empty one', () => {
    expect(keyOf()).toBeUndefined();
    expect(keyOf('  ')).toBeUndefined();
  });

  it('unquotes a Structured Field string, escapes included', () => {
    expect(keyOf('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(keyOf('"a\\"b\\\\c"')).toBe('a"b\\c');
  });

  it('keeps a bare token as the app wrote it', () => {
    expect(keyOf('order-42')).toBe('order-42');
  });
});

describe('formatIdempotencyKey', () => {
  it('quotes a generated key as a Structured Field string', () => {
    expect(formatIdempotencyKey('k1')).toBe('"k1"');
  });
});
