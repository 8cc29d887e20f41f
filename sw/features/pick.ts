import { DEV } from '../../src/shared/dev.js';
import type { ResolvedReadRoute, StowageConfig } from '../config/types.js';
import { fail } from '../config/validate.js';
import type { ExpirationFeature, InvalidationFeature, PrecacheFeature, StowageFeature, UsersFeature, WritesFeature } from './feature.js';

export interface PickedFeatures {
  users: UsersFeature | undefined;
  writes: WritesFeature | undefined;
  expiration: ExpirationFeature | undefined;
  invalidation: InvalidationFeature | undefined;
  precache: PrecacheFeature | undefined;
}

/**
 * The features in `features`, each found by its kind. What the config uses must be listed (writes
 * bring users and invalidation along): a config naming a feature the worker lacks fails at install,
 * with the path of the field and the import that adds it.
 */
export function pickFeatures(config: StowageConfig, routes: readonly ResolvedReadRoute[]): PickedFeatures {
  // The config types a feature by its kind only (see StowageFeatureRef); the kinds are the features'.
  const features = (config.features ?? []) as readonly StowageFeature[];
  const writes = features.find((feature): feature is WritesFeature => feature.kind === 'writes');
  const users = features.find((feature): feature is UsersFeature => feature.kind === 'users') ?? writes?.users;
  const expiration = features.find((feature): feature is ExpirationFeature => feature.kind === 'expiration');
  const invalidation = features.find((feature): feature is InvalidationFeature => feature.kind === 'invalidation') ?? writes?.invalidation;
  const precache = features.find((feature): feature is PrecacheFeature => feature.kind === 'precache');
  if (config.precache !== undefined && !precache) {
    fail('precache', DEV && "a precache manifest needs the precache feature: import { withPrecache } from 'stowage/sw/precache' and add it to features");
  }
  if (config.writes !== undefined && config.writes.length > 0 && !writes) {
    fail('writes', DEV && "write routes need the writes feature: import { withWrites } from 'stowage/sw/writes' and add it to features");
  }
  const privateRoute = routes.find((route) => route.private);
  if (privateRoute && !users) {
    fail(`routes[${privateRoute.index}].private`, DEV && "private routes need the users feature: import { withUsers } from 'stowage/sw/users' and add it to features");
  }
  const boundedRoute = routes.find((route) => route.maxEntries !== undefined || route.maxBytes !== undefined);
  if (boundedRoute && !expiration) {
    const field = boundedRoute.maxEntries !== undefined ? 'maxEntries' : 'maxBytes';
    fail(`routes[${boundedRoute.index}].${field}`, DEV && `${field} needs the expiration feature: import { withExpiration } from 'stowage/sw/expiration' and add it to features`);
  }
  const versioned = routes.find((route) => route.effectiveVersion !== undefined);
  if (versioned && !invalidation) {
    fail(config.version === undefined ? `routes[${versioned.index}].version` : 'version', DEV && "needs withInvalidation (from 'stowage/sw/invalidation') in features");
  }
  return { users, writes, expiration, invalidation, precache };
}
