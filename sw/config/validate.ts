import { StowageError } from '../../src/errors.js';
import { strategyNames, type ReadRouteConfig, type ResolvedReadRoute, type StowageConfig } from './types.js';

/**
 * Checks the whole config before any request is served, so a typo fails at install with the path to
 * the bad field (`routes[2].strategy`) instead of misbehaving later.
 */
export function validateConfig(config: unknown): { routes: ResolvedReadRoute[]; cachePrefix: string } {
  const root = expectObject(config, 'config');
  const cachePrefix = root.cachePrefix === undefined ? 'stowage' : expectName(root.cachePrefix, 'cachePrefix');
  if (!Array.isArray(root.routes)) fail('routes', 'must be an array of routes');
  const names = new Set<string>();
  const routes = root.routes.map((route: unknown, index: number) => {
    const resolved = validateRoute(route, `routes[${index}]`, index);
    if (names.has(resolved.name)) fail(`routes[${index}].name`, `"${resolved.name}" is used by an earlier route`);
    names.add(resolved.name);
    return resolved;
  });
  return { routes, cachePrefix };
}

function validateRoute(value: unknown, path: string, index: number): ResolvedReadRoute {
  const route = expectObject(value, path);
  const match = route.match;
  if (typeof match === 'string') {
    if (!match.startsWith('/')) fail(`${path}.match`, 'a path pattern must start with "/"');
    if (match.includes('*') && !match.endsWith('*')) fail(`${path}.match`, '"*" is only allowed at the end');
  } else if (!(match instanceof RegExp) && typeof match !== 'function') {
    fail(`${path}.match`, 'must be a path pattern, a RegExp or a function');
  }
  if (typeof route.strategy !== 'string' || !(strategyNames as readonly string[]).includes(route.strategy)) {
    fail(`${path}.strategy`, `must be one of ${strategyNames.join(', ')}`);
  }
  for (const field of ['maxAgeMs', 'networkTimeoutMs'] as const) {
    if (route[field] !== undefined) expectPositiveNumber(route[field], `${path}.${field}`);
  }
  if (route.maxEntries !== undefined) {
    expectPositiveNumber(route.maxEntries, `${path}.maxEntries`);
    if (!Number.isInteger(route.maxEntries)) fail(`${path}.maxEntries`, 'must be a whole number');
  }
  if (route.networkTimeoutMs !== undefined && route.strategy !== 'network-first') {
    fail(`${path}.networkTimeoutMs`, 'only applies to network-first routes');
  }
  const name = route.name === undefined ? defaultName(match as ReadRouteConfig['match'], index) : expectName(route.name, `${path}.name`);
  return { ...(route as unknown as ReadRouteConfig), name, index };
}

function defaultName(match: ReadRouteConfig['match'], index: number): string {
  if (typeof match === 'string') return match;
  if (match instanceof RegExp) return match.source;
  return `route-${index}`;
}

function expectObject(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'must be an object');
  return value as Record<string, unknown>;
}

function expectName(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) fail(path, 'must be a non-empty string');
  return value;
}

function expectPositiveNumber(value: unknown, path: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) fail(path, 'must be a positive number');
}

function fail(path: string, problem: string): never {
  throw new StowageError('invalid-config', `Invalid Stowage config at ${path}: ${problem}`, { details: { path } });
}
