/**
 * RFC 8941 §4.2.1 (Structured Field Lists), for the two RFC 9875 fields `Cache-Groups` and
 * `Cache-Group-Invalidation`: Lists of Strings. Only what they need is parsed: members that are not
 * Strings (tokens, numbers, inner lists) are skipped with their parameters, as RFC 9875 §2 says a
 * cache ignores them, and a field that is not a valid List at all yields no groups (§4.2: a parse
 * failure discards the whole field).
 */
export function parseStringList(value: string | null): string[] {
  if (value === null) return [];
  const groups: string[] = [];
  let at = 0;
  const input = value;
  const skipSpaces = (): void => {
    while (input[at] === ' ' || input[at] === '\t') at += 1;
  };
  const fail = (): string[] => [];
  skipSpaces();
  if (at === input.length) return groups;
  for (;;) {
    if (input[at] === '"') {
      const parsed = parseString(input, at);
      if (!parsed) return fail();
      groups.push(parsed.value);
      at = parsed.end;
    } else {
      const end = skipBareItemOrInnerList(input, at);
      if (end === undefined) return fail();
      at = end;
    }
    const afterParameters = skipParameters(input, at);
    if (afterParameters === undefined) return fail();
    at = afterParameters;
    skipSpaces();
    if (at === input.length) return groups;
    if (input[at] !== ',') return fail();
    at += 1;
    skipSpaces();
    // A trailing comma is an error (§4.2.1 step 2.7).
    if (at === input.length) return fail();
  }
}

/** §4.2.5: a String from `"` to `"`, with `\"` and `\\` escapes and printable ASCII only. */
function parseString(input: string, start: number): { value: string; end: number } | undefined {
  let value = '';
  for (let at = start + 1; at < input.length; at += 1) {
    const char = input[at]!;
    if (char === '\\') {
      const next = input[at + 1];
      if (next !== '"' && next !== '\\') return undefined;
      value += next;
      at += 1;
    } else if (char === '"') {
      return { value, end: at + 1 };
    } else {
      const code = char.charCodeAt(0);
      if (code < 0x20 || code > 0x7e) return undefined;
      value += char;
    }
  }
  return undefined;
}

/** A member that is not a String: a token, number, byte sequence, boolean or inner list, skipped. */
function skipBareItemOrInnerList(input: string, start: number): number | undefined {
  if (input[start] === '(') {
    let depthAt = start + 1;
    while (depthAt < input.length && input[depthAt] !== ')') {
      if (input[depthAt] === '"') {
        const parsed = parseString(input, depthAt);
        if (!parsed) return undefined;
        depthAt = parsed.end;
      } else depthAt += 1;
    }
    return depthAt < input.length ? depthAt + 1 : undefined;
  }
  const match = /^(?:[A-Za-z*][!#$%&'*+\-.^_`|~:/0-9A-Za-z]*|-?[0-9][0-9.]*|:[A-Za-z0-9+/=]*:|\?[01])/.exec(input.slice(start));
  return match ? start + match[0].length : undefined;
}

/** §4.2.3.2: `;key` or `;key=value` pairs after a member. */
function skipParameters(input: string, start: number): number | undefined {
  let at = start;
  while (input[at] === ';') {
    at += 1;
    while (input[at] === ' ') at += 1;
    const key = /^[a-z*][a-z0-9_\-.*]*/.exec(input.slice(at));
    if (!key) return undefined;
    at += key[0].length;
    if (input[at] === '=') {
      at += 1;
      if (input[at] === '"') {
        const parsed = parseString(input, at);
        if (!parsed) return undefined;
        at = parsed.end;
      } else {
        const end = skipBareItemOrInnerList(input, at);
        if (end === undefined || input[at] === '(') return undefined;
        at = end;
      }
    }
  }
  return at;
}
