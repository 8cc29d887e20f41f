/**
 * Tags name what an entry shows (`note:42`, `notes`), so an invalidation can say what changed
 * instead of which URLs. A tag's type is the part before its first `:`; invalidating a bare type
 * (`note`) hits every tag of that type (`note:1`, `note:42`) as well as `note` itself.
 */

import type { TagContext, TagSource } from '../config/types.js';

export type { TagContext, TagSource };

/** The type of a tag: the part before the first `:` (the whole tag when it has none). */
export function tagTypeOf(tag: string): string {
  const at = tag.indexOf(':');
  return at < 0 ? tag : tag.slice(0, at);
}

/** Whether invalidating `target` hits an entry carrying `tag`. */
export function tagMatches(target: string, tag: string): boolean {
  return target === tag || (!target.includes(':') && tagTypeOf(tag) === target);
}

/** The `{name}` placeholders of a template, for validation. */
export function templateNames(template: string): string[] {
  return [...template.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1]!);
}

/** A template with its placeholders filled in; undefined when a parameter it names is missing. */
export function expandTemplate(template: string, params: Record<string, string>): string | undefined {
  let missing = false;
  const tag = template.replace(/\{([^{}]*)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) missing = true;
    return value ?? '';
  });
  return missing ? undefined : tag;
}

/** The named parameters of a path pattern (`/api/notes/:id`) in a path; empty when it does not match. */
export function patternParams(pattern: unknown, pathname: string): Record<string, string> {
  if (typeof pattern !== 'string') return {};
  const wildcard = pattern.endsWith('*');
  const segments = (wildcard ? pattern.slice(0, -1) : pattern).split('/');
  const parts = pathname.split('/');
  const params: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    const part = parts[index];
    if (part === undefined) return {};
    if (segment.startsWith(':')) params[segment.slice(1)] = safeDecode(part);
    else if (segment !== part && !(wildcard && index === segments.length - 1)) return {};
  }
  return params;
}

/**
 * The tags a source names for one request: templates expanded (one naming a parameter the request
 * lacks is left out), a function's strings kept; empty and duplicate tags dropped. A function that
 * throws or returns something else names nothing, and says so in the console.
 */
export function tagsFrom(source: TagSource | undefined, context: TagContext, where: string): string[] {
  if (source === undefined) return [];
  let tags: unknown;
  if (typeof source === 'function') {
    try {
      tags = source(context);
    } catch (error) {
      console.error(`Stowage: ${where} threw`, error);
      return [];
    }
    if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string')) {
      console.error(`Stowage: ${where} must return an array of strings, got`, tags);
      return [];
    }
  } else {
    tags = source.map((template) => expandTemplate(template, context.params));
  }
  return unique((tags as Array<string | undefined>).filter((tag): tag is string => typeof tag === 'string' && tag !== ''));
}

export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
