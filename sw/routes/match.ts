import type { MatchContext, RouteMatch } from '../config/types.js';

export type Matcher = (context: MatchContext) => boolean;

/**
 * Turns a route's `match` into one predicate. Path patterns and RegExps only take same-origin
 * requests: a cross-origin URL with the same path is someone else's resource.
 */
export function compileMatch(match: RouteMatch, origin: string): Matcher {
  if (typeof match === 'function') return match;
  const test = match instanceof RegExp ? (path: string) => matchRegExp(match, path) : compilePathPattern(match);
  return ({ url }) => url.origin === origin && test(url.pathname);
}

function matchRegExp(pattern: RegExp, path: string): boolean {
  // A global or sticky RegExp keeps lastIndex between calls and would alternate true and false.
  pattern.lastIndex = 0;
  return pattern.test(path);
}

/** `/api/notes/:id` matches `/api/notes/7`; `/assets/*` matches everything below `/assets/`. */
export function compilePathPattern(pattern: string): (path: string) => boolean {
  const wildcard = pattern.endsWith('*');
  const fixed = wildcard ? pattern.slice(0, -1) : pattern;
  const source = fixed
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : escapeRegExp(segment)))
    .join('/');
  const regexp = new RegExp(`^${source}${wildcard ? '.*' : '/?'}$`);
  return (path) => regexp.test(path);
}


function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
