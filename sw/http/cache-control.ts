/** Cache-Control directives by lower-cased name: an argument, or true for a directive without one. */
export type Directives = Readonly<Record<string, string | true>>;

/**
 * Parses a Cache-Control header (RFC 9111 §5.2). Directive names are case-insensitive, so
 * `MAX-AGE=60` is `max-age=60`; a quoted-string argument is unquoted.
 */
export function parseCacheControl(header: string | null): Directives {
  const directives: Record<string, string | true> = {};
  for (const part of (header ?? '').split(',')) {
    const [name, ...rest] = part.split('=');
    const key = name?.trim().toLowerCase();
    if (!key) continue;
    directives[key] = rest.length > 0 ? rest.join('=').trim().replace(/^"|"$/g, '') : true;
  }
  return directives;
}

/** A delta-seconds argument (RFC 9111 §1.2.2), or undefined when absent or not a number. */
export function deltaSeconds(value: string | true | null | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const parsed = Number.parseInt(value, 10);
  return parsed >= 0 ? parsed : undefined;
}
