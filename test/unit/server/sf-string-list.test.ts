import { describe, expect, it } from 'vitest';
import { parseStringList, serializeStringList } from '../../../demo/server/sf-string-list';

describe('Structured Field Lists of Strings (RFC 8941)', () => {
  it('serializes members quoted and comma-separated, escaping " and \\', () => {
    expect(serializeStringList(['note:42', 'notes'])).toBe('"note:42", "notes"');
    expect(serializeStringList(['say "hi"', 'a\\b'])).toBe('"say \\"hi\\"", "a\\\\b"');
    expect(serializeStringList([])).toBe('');
  });

  it('refuses to serialize what a String cannot hold (non-ASCII, control characters)', () => {
    expect(() => serializeStringList(['café'])).toThrow(/not a Structured Field String/);
    expect(() => serializeStringList(['a\nb'])).toThrow(/not a Structured Field String/);
  });

  it('parses back what it serialized', () => {
    const values = ['note:42', 'notes', 'say "hi"', 'a\\b', ''];
    expect(parseStringList(serializeStringList(values))).toEqual(values);
  });

  it('skips parameters and members that are not Strings (RFC 9875 §2), and tolerates spacing', () => {
    expect(parseStringList('  "a";x=1;y="z" ,token, 42,"b";flag, ?1, :aGk=:  ')).toEqual(['a', 'b']);
  });

  it.each([
    ['an unterminated string', '"a'],
    ['an unknown escape', '"a\\n"'],
    ['a trailing comma', '"a",'],
    ['two members without a comma', '"a" "b"'],
    ['an inner list', '("a" "b")'],
    ['a non-ASCII character', '"café"'],
  ])('fails whole on %s, so the field is ignored', (_, field) => {
    expect(parseStringList(field)).toBeUndefined();
  });
});
