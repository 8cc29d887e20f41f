export { register, type RegisterOptions } from './client/register.js';
export { Stowage } from './client/stowage.js';
export type { MemoryOptions, MemoryStats } from './client/memory/page-memory.js';
export { StowageError, isStowageError, type StowageErrorCode, type SerializedStowageError } from './shared/errors.js';
export type { EventMap, EventName } from './shared/protocol.js';
export type { ClearOptions, ClearReport, RefreshEntryResult, RefreshReport, RefreshTarget, WarmFailure, WarmOptions, WarmReport, WarmTarget } from './shared/operations.js';
export type { FlushReport, OutboxErrorInfo, OutboxStatus, PendingEntry } from './shared/outbox.js';
export type { InvalidationMode, InvalidationSource, InvalidationTarget } from './shared/invalidation.js';
export type { RouteStats, StatsSnapshot, UseStats } from './shared/stats.js';
