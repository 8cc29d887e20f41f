import { DEV } from '../../src/shared/dev.js';
import {
  writeMethods,
  writeModes,
  type ResolvedWriteRoute,
  type StowageConfig,
  type WriteMethod,
  type WriteRouteConfig,
} from './types.js';
import { expectName, expectObject, expectPositiveNumber, fail, validateMatch, validateTagSource } from './validate.js';
import { defaultRetryOptions } from '../retry/retry-policy.js';

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface ValidatedWrites {
  writes: ResolvedWriteRoute[];
  maxBodyBytes: number;
  beforeReplay: NonNullable<StowageConfig['beforeReplay']> | undefined;
}

/** Checks `writes`, `maxBodyBytes` and `beforeReplay`, failing with the path of the bad field (`writes[1].mode`). */
export function validateWrites(config: unknown): ValidatedWrites {
  const root = expectObject(config, 'config');
  const maxBodyBytes = root.maxBodyBytes === undefined ? DEFAULT_MAX_BODY_BYTES : expectWholeNumber(root.maxBodyBytes, 'maxBodyBytes');
  if (root.beforeReplay !== undefined && typeof root.beforeReplay !== 'function') fail('beforeReplay', DEV && 'must be a function');
  if (root.writes === undefined) return { writes: [], maxBodyBytes, beforeReplay: root.beforeReplay as ValidatedWrites['beforeReplay'] };
  if (!Array.isArray(root.writes)) fail('writes', DEV && 'must be an array of write routes');
  const names = new Set<string>();
  const writes = root.writes.map((route: unknown, index: number) => {
    const resolved = validateWriteRoute(route, `writes[${index}]`, index);
    if (names.has(resolved.name)) fail(`writes[${index}].name`, DEV && `"${resolved.name}" is used by an earlier write route`);
    names.add(resolved.name);
    return resolved;
  });
  return { writes, maxBodyBytes, beforeReplay: root.beforeReplay as ValidatedWrites['beforeReplay'] };
}

function validateWriteRoute(value: unknown, path: string, index: number): ResolvedWriteRoute {
  const route = expectObject(value, path);
  validateMatch(route.match, `${path}.match`);
  if (typeof route.mode !== 'string' || !(writeModes as readonly string[]).includes(route.mode)) {
    fail(`${path}.mode`, DEV && `must be one of ${writeModes.join(', ')}`);
  }
  let methods: WriteMethod[] = [...writeMethods];
  if (route.methods !== undefined) {
    if (!Array.isArray(route.methods) || route.methods.length === 0) fail(`${path}.methods`, DEV && 'must be a non-empty array');
    methods = route.methods.map((method: unknown, i: number) => {
      if (typeof method !== 'string' || !(writeMethods as readonly string[]).includes(method)) {
        fail(`${path}.methods[${i}]`, DEV && `must be one of ${writeMethods.join(', ')}`);
      }
      return method as WriteMethod;
    });
  }
  if (route.invalidates !== undefined) {
    if (typeof route.invalidates !== 'function' && !Array.isArray(route.invalidates)) {
      fail(`${path}.invalidates`, DEV && 'must be an array of tags, route names or path patterns, or a function');
    }
    if (Array.isArray(route.invalidates)) {
      route.invalidates.forEach((tag: unknown, i: number) => {
        if (typeof tag !== 'string' || tag === '') fail(`${path}.invalidates[${i}]`, DEV && 'must be a tag, a route name or a path pattern');
        if (tag.startsWith('/')) validateMatch(tag, `${path}.invalidates[${i}]`);
      });
    }
    validateTagSource(route.invalidates, `${path}.invalidates`, route.match, { patterns: true });
  }
  const orderingKey = route.orderingKey ?? 'origin';
  if (orderingKey !== 'origin' && orderingKey !== 'url' && typeof orderingKey !== 'function') {
    fail(`${path}.orderingKey`, DEV && 'must be "origin", "url" or a function');
  }
  const retry = { ...defaultRetryOptions };
  if (route.retry !== undefined) {
    const given = expectObject(route.retry, `${path}.retry`);
    for (const field of ['baseDelayMs', 'maxDelayMs'] as const) {
      if (given[field] !== undefined) {
        expectPositiveNumber(given[field], `${path}.retry.${field}`);
        retry[field] = given[field] as number;
      }
    }
  }
  if (route.dropAfterMs !== undefined) {
    expectPositiveNumber(route.dropAfterMs, `${path}.dropAfterMs`);
    if (route.mode !== 'write-behind') fail(`${path}.dropAfterMs`, DEV && 'only write-behind routes queue entries');
  }
  if (route.encrypt !== undefined && typeof route.encrypt !== 'boolean') fail(`${path}.encrypt`, DEV && 'must be true or false');
  if (route.encrypt === true && route.mode !== 'write-behind') fail(`${path}.encrypt`, DEV && 'only write-behind routes store bodies');
  const name = route.name === undefined ? defaultWriteName(route.match as WriteRouteConfig['match'], index) : expectName(route.name, `${path}.name`);
  return {
    ...(route as unknown as WriteRouteConfig),
    name,
    index,
    methods,
    orderingKey: orderingKey as ResolvedWriteRoute['orderingKey'],
    retry: { baseDelayMs: retry.baseDelayMs, maxDelayMs: retry.maxDelayMs },
  };
}

function defaultWriteName(match: WriteRouteConfig['match'], index: number): string {
  if (typeof match === 'string') return match;
  if (match instanceof RegExp) return match.source;
  return `write-${index}`;
}

function expectWholeNumber(value: unknown, path: string): number {
  expectPositiveNumber(value, path);
  if (!Number.isInteger(value)) fail(path, DEV && 'must be a whole number');
  return value as number;
}
