/**
 * Structured Field Lists of Strings (RFC 8941 §3.1, §3.3.3), the type of RFC 9875's `Cache-Groups`
 * and `Cache-Group-Invalidation`. Only what those two fields need: strings, with parameters
 * skipped on parsing.
 */

/** RFC 8941 §3.3.3: a String holds printable ASCII only (%x20-7E); `"` and `\` are escaped. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function isSerializableString(value: string): boolean {
  return PRINTABLE_ASCII.test(value);
}

/** Serializes `values` as a List of Strings (RFC 8941 §4.1.1, §4.1.6). Throws on a non-ASCII value, a server bug. */
export function serializeStringList(values: readonly string[]): string {
  return values
    .map((value) => {
      if (!isSerializableString(value)) throw new Error(`not a Structured Field String: ${JSON.stringify(value)}`);
      return `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
    })
    .join(', ');
}

class Cursor {
  index = 0;
  constructor(readonly text: string) {}
  get done(): boolean {
    return this.index >= this.text.length;
  }
  peek(): string {
    return this.text[this.index] ?? '';
  }
  skip(chars: string): void {
    while (!this.done && chars.includes(this.peek())) this.index++;
  }
}

/** RFC 8941 §4.2.5: a quoted String; undefined when malformed. */
function parseString(cursor: Cursor): string | undefined {
  cursor.index++; // the opening quote
  let value = '';
  while (!cursor.done) {
    const char = cursor.peek();
    cursor.index++;
    if (char === '"') return value;
    if (char === '\\') {
      const escaped = cursor.peek();
      cursor.index++;
      if (escaped !== '"' && escaped !== '\\') return undefined;
      value += escaped;
    } else if (char < '\x20' || char > '\x7e') {
      return undefined;
    } else {
      value += char;
    }
  }
  return undefined;
}

/**
 * Skips one bare item that is not a String (Token, Integer, Decimal, Byte Sequence, Boolean, or a
 * parameter value): RFC 9875 §2 has caches ignore members that are not Strings. Loose on purpose:
 * it consumes the characters such items are made of and fails on anything else.
 */
function skipOtherItem(cursor: Cursor): boolean {
  const start = cursor.index;
  while (!cursor.done && /[A-Za-z0-9_*:/%.+\-=?!#$&'^`|~]/.test(cursor.peek())) cursor.index++;
  return cursor.index > start;
}

/** RFC 8941 §4.2.3.2: `;key` or `;key=value`; skipped, since RFC 9875 defines no parameters. */
function skipParameters(cursor: Cursor): boolean {
  while (cursor.peek() === ';') {
    cursor.index++;
    cursor.skip(' ');
    const start = cursor.index;
    while (!cursor.done && /[a-z0-9_.*-]/.test(cursor.peek())) cursor.index++;
    if (cursor.index === start) return false;
    if (cursor.peek() !== '=') continue;
    cursor.index++;
    const valid = cursor.peek() === '"' ? parseString(cursor) !== undefined : skipOtherItem(cursor);
    if (!valid) return false;
  }
  return true;
}

/**
 * Parses a List and returns its String members (RFC 8941 §4.2.1), or undefined when the field is
 * malformed, which the recipient then ignores whole (§4.2). Inner Lists are malformed here: neither
 * field uses them.
 */
export function parseStringList(field: string): string[] | undefined {
  const cursor = new Cursor(field);
  const values: string[] = [];
  cursor.skip(' \t');
  while (!cursor.done) {
    if (cursor.peek() === '"') {
      const value = parseString(cursor);
      if (value === undefined) return undefined;
      values.push(value);
    } else if (!skipOtherItem(cursor)) {
      return undefined;
    }
    if (!skipParameters(cursor)) return undefined;
    cursor.skip(' \t');
    if (cursor.done) return values;
    if (cursor.peek() !== ',') return undefined;
    cursor.index++;
    cursor.skip(' \t');
    if (cursor.done) return undefined; // a trailing comma
  }
  return values;
}
