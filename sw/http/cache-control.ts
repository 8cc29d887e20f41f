/** Cache-Control directives by lower-cased name: an argument, or true for a directive without one. */
export type Directives = Readonly<Record<string, string | true>>;

/**
 * Parses a Cache-Control header (RFC 9111 §5.2). Directive names are case-insensitive, so
 * `MAX-AGE=60` is `max-age=60`; a quoted-string argument is unquoted, and a comma inside one
 * (`no-cache="a, b"`) separates nothing.
 */
export function parseCacheControl(header: string | null): Directives {
  const directives: Record<string, string | true> = {};
  for (const part of splitOutsideQuotes(header ?? '')) {
    const equals = part.indexOf('=');
    const key = (equals < 0 ? part : part.slice(0, equals)).trim().toLowerCase();
    if (!key) continue;
    directives[key] = equals < 0 ? true : unquote(part.slice(equals + 1).trim());
  }
  return directives;
}

/**
 * Whether the response carries the unqualified `no-cache`: the whole response must be validated
 * before each use. The qualified form (`no-cache="Set-Cookie"`) only keeps the listed fields from
 * being served (RFC 9111 §5.2.2.4; see withoutUnstoredFields).
 */
export function hasNoCache(directives: Directives): boolean {
  return directives['no-cache'] === true;
}

/** The field names a directive's argument lists (`no-cache="a, b"`), lower-cased. */
export function listedFields(argument: string | true | undefined): string[] {
  if (typeof argument !== 'string') return [];
  return argument
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
}

/** A delta-seconds argument (RFC 9111 §1.2.2), or undefined when absent or not a number. */
export function deltaSeconds(value: string | true | null | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const parsed = Number.parseInt(value, 10);
  return parsed >= 0 ? parsed : undefined;
}

function splitOutsideQuotes(header: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < header.length; i += 1) {
    const char = header[i];
    if (quoted && char === '\\') i += 1;
    else if (char === '"') quoted = !quoted;
    else if (char === ',' && !quoted) {
      parts.push(header.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(header.slice(start));
  return parts;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}
