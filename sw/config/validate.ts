import { DEV } from '../../src/shared/dev.js';
import { StowageError } from '../../src/shared/errors.js';
import { strategyNames, type ReadRouteConfig, type ResolvedReadRoute, type StowageConfig } from './types.js';

/**
 * Checks the whole config before any request is served, so a typo fails at install with the path to
 * the bad field (`routes[2].strategy`) instead of misbehaving later.
 */
export function validateConfig(config: unknown): { routes: ResolvedReadRoute[]; cachePrefix: string } {
  const root = expectObject(config, 'config');
  const cachePrefix = root.cachePrefix === undefined ? 'stowage' : expectName(root.cachePrefix, 'cachePrefix');
  const configVersion = root.version === undefined ? undefined : expectVersion(root.version, 'version');
  if (!Array.isArray(root.routes)) fail('routes', DEV && 'must be an array of routes');
  const names = new Set<string>();
  const routes = root.routes.map((route: unknown, index: number) => {
    const resolved = validateRoute(route, `routes[${index}]`, index, configVersion);
    if (names.has(resolved.name)) fail(`routes[${index}].name`, DEV && `"${resolved.name}" is used by an earlier route`);
    names.add(resolved.name);
    return resolved;
  });
  return { routes, cachePrefix };
}

function validateRoute(value: unknown, path: string, index: number, configVersion: string | number | undefined): ResolvedReadRoute {
  const route = expectObject(value, path);
  const match = route.match;
  validateMatch(match, `${path}.match`);
  if (typeof route.strategy !== 'string' || !(strategyNames as readonly string[]).includes(route.strategy)) {
    fail(`${path}.strategy`, DEV && `must be one of ${strategyNames.join(', ')}`);
  }
  for (const field of ['maxAgeMs', 'networkTimeoutMs'] as const) {
    if (route[field] !== undefined) expectPositiveNumber(route[field], `${path}.${field}`);
  }
  for (const field of ['maxEntries', 'maxBytes'] as const) {
    if (route[field] === undefined) continue;
    expectPositiveNumber(route[field], `${path}.${field}`);
    if (!Number.isInteger(route[field])) fail(`${path}.${field}`, DEV && 'must be a whole number');
  }
  if (route.networkTimeoutMs !== undefined && route.strategy !== 'network-first') {
    fail(`${path}.networkTimeoutMs`, DEV && 'only applies to network-first routes');
  }
  validatePrivacy(route, path);
  validateHttp(route, path);
  const name = route.name === undefined ? defaultName(match as ReadRouteConfig['match'], index) : expectName(route.name, `${path}.name`);
  if (route.tags !== undefined) validateTagSource(route.tags, `${path}.tags`, match);
  const routeVersion = route.version === undefined ? undefined : expectVersion(route.version, `${path}.version`);
  const effectiveVersion = configVersion === undefined && routeVersion === undefined ? undefined : JSON.stringify([configVersion ?? null, routeVersion ?? null]);
  return { ...(route as unknown as ReadRouteConfig), name, index, effectiveVersion };
}

/**
 * Tag templates (`note:{id}`) or a function. A placeholder must name a parameter of the route's path
 * pattern (a RegExp or function match has none to name).
 */
export function validateTagSource(value: unknown, path: string, match: unknown, { patterns = false } = {}): void {
  if (typeof value === 'function') return;
  if (!Array.isArray(value)) fail(path, DEV && 'must be an array of tag templates or a function');
  const params = typeof match === 'string' ? match.split('/').filter((segment) => segment.startsWith(':')).map((segment) => segment.slice(1)) : [];
  value.forEach((template: unknown, i: number) => {
    if (typeof template !== 'string' || template === '') fail(`${path}[${i}]`, DEV && 'must be a non-empty string');
    if (patterns && template.startsWith('/')) return;
    for (const [placeholder] of template.matchAll(/\{[^{}]*\}|[{}]/g)) {
      const name = placeholder.slice(1, -1);
      if (placeholder.length < 2 || name === '') fail(`${path}[${i}]`, DEV && `"${template}" has an unbalanced or empty placeholder`);
      if (!params.includes(name)) {
        fail(`${path}[${i}]`, DEV && `"{${name}}" names no parameter of the route's match${params.length > 0 ? ` (it has ${params.map((param) => `:${param}`).join(', ')})` : ''}`);
      }
    }
  });
}

function expectVersion(value: unknown, path: string): string | number {
  if ((typeof value === 'string' && value !== '' && value.length <= 200) || (typeof value === 'number' && Number.isFinite(value))) return value;
  fail(path, DEV && 'must be a non-empty string or a finite number');
}

/** A route's `match`: shared by read and write routes. */
export function validateMatch(match: unknown, path: string): void {
  if (typeof match === 'string') {
    if (!match.startsWith('/')) fail(path, DEV && 'a path pattern must start with "/"');
    if (match.includes('*') && !match.endsWith('*')) fail(path, DEV && '"*" is only allowed at the end');
  } else if (!(match instanceof RegExp) && typeof match !== 'function') {
    fail(path, DEV && 'must be a path pattern, a RegExp or a function');
  }
}

function defaultName(match: ReadRouteConfig['match'], index: number): string {
  if (typeof match === 'string') return match;
  if (match instanceof RegExp) return match.source;
  return `route-${index}`;
}

export function expectObject(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, DEV && 'must be an object');
  return value as Record<string, unknown>;
}

export function expectName(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) fail(path, DEV && 'must be a non-empty string');
  return value;
}

function validateHttp(route: Record<string, unknown>, path: string): void {
  for (const field of ['http', 'earlyRefresh'] as const) {
    if (route[field] !== undefined && typeof route[field] !== 'boolean') fail(`${path}.${field}`, DEV && 'must be true or false');
  }
  if (route.earlyRefresh === true && route.http === false) fail(`${path}.earlyRefresh`, DEV && 'needs HTTP rules (http: false turns them off)');
  if (route.memory !== undefined && typeof route.memory !== 'boolean') fail(`${path}.memory`, DEV && 'must be true or false');
  if (route.memory === true && (route.strategy === 'network-only' || route.strategy === 'network-first')) {
    fail(`${path}.memory`, DEV && 'needs a strategy that serves fresh entries from the cache (cache-first, stale-while-revalidate or cache-only)');
  }
  if (route.refreshAhead !== undefined) validateRefreshAhead(route, `${path}.refreshAhead`);
}

function validateRefreshAhead(route: Record<string, unknown>, path: string): void {
  const options = expectObject(route.refreshAhead, path);
  for (const field of ['minUses', 'withinMs', 'beforeExpiryMs'] as const) expectPositiveNumber(options[field], `${path}.${field}`);
  if (!Number.isInteger(options.minUses)) fail(`${path}.minUses`, DEV && 'must be a whole number');
  if (route.strategy !== 'cache-first' && route.strategy !== 'stale-while-revalidate') {
    fail(path, DEV && 'only applies to cache-first and stale-while-revalidate routes (the others do not serve fresh entries from the cache)');
  }
}

function validatePrivacy(route: Record<string, unknown>, path: string): void {
  for (const field of ['private', 'encrypt', 'refreshable'] as const) {
    if (route[field] !== undefined && typeof route[field] !== 'boolean') fail(`${path}.${field}`, DEV && 'must be true or false');
  }
  // Keys are per user, so only a route whose entries live in a user's partition can be encrypted.
  if (route.encrypt === true && route.private !== true) fail(`${path}.encrypt`, DEV && 'requires private: true');
}

export function expectPositiveNumber(value: unknown, path: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) fail(path, DEV && 'must be a positive number');
}

/** `problem` is `DEV && '…'`: production builds keep the path and drop the explanation. */
export function fail(path: string, problem: string | false): never {
  throw new StowageError('invalid-config', `Invalid Stowage config at ${path}${problem ? `: ${problem}` : ''}`, { details: { path } });
}
