export { installStowage } from './install-everything.js';
export type { StowageWorker } from './install.js';
export type { MatchContext, ReadRouteConfig, RouteMatch, StowageConfig, StowageFeatureRef, StrategyName } from './config/types.js';
export type { ExpirationFeature, InvalidationFeature, StowageFeature, UsersFeature, WritesFeature } from './features/feature.js';
export type { TagContext, TagSource } from './config/types.js';
export type { OrderingKey, WriteMethod, WriteMode, WriteRouteConfig } from './config/types.js';
export { StowageError, isStowageError, type StowageErrorCode } from '../src/shared/errors.js';
