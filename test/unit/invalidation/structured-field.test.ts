import { describe, expect, it } from 'vitest';
import { parseStringList } from '../../../sw/invalidation/structured-field.js';

describe('parseStringList (RFC 8941 Lists of Strings, for RFC 9875 Cache-Groups)', () => {
  it('reads a list of strings, with spaces around the commas', () => {
    expect(parseStringList('"note:42", "notes"')).toEqual(['note:42', 'notes']);
    expect(parseStringList('"a" ,"b",\t"c"')).toEqual(['a', 'b', 'c']);
  });

  it('unescapes \\" and \\\\ inside a string', () => {
    expect(parseStringList('"say \\"hi\\"", "back\\\\slash"')).toEqual(['say "hi"', 'back\\slash']);
  });

  it('skips members that are not strings, and the parameters of any member', () => {
    expect(parseStringList('"a";x=1;y, token, 42, ?1, :aGk=:, ("in" "ner");p, "b";q="v"')).toEqual(['a', 'b']);
  });

  it('yields nothing for a missing or empty field', () => {
    expect(parseStringList(null)).toEqual([]);
    expect(parseStringList('')).toEqual([]);
    expect(parseStringList('   ')).toEqual([]);
  });

  it('discards the whole field when it is not a valid list (RFC 8941 §4.2)', () => {
    for (const invalid of ['"unterminated', '"a",', '"a" "b"', '"bad \\x escape"', '"a", ,"b"', '"tab\tinside"', '"é"', '"a";=1']) {
      expect(parseStringList(invalid), invalid).toEqual([]);
    }
  });
});
