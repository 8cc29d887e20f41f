export { register, type RegisterOptions } from './client/register.js';
export { Stowage } from './client/stowage.js';
export type { MemoryOptions, MemoryStats } from './client/memory/page-memory.js';
export { StowageError, isStowageError, type StowageErrorCode, type SerializedStowageError } from './shared/errors.js';
export type {
  ClearOptions,
  ClearReport,
  Connectivity,
  ConnectivityReport,
  EventMap,
  EventName,
  FlushReport,
  InvalidationMode,
  InvalidationSource,
  InvalidationTarget,
  OutboxErrorInfo,
  OutboxStatus,
  PendingEntry,
  RefreshEntryResult,
  RefreshReport,
  RefreshTarget,
  RouteStats,
  StatsSnapshot,
  UseStats,
  WarmFailure,
  WarmOptions,
  WarmReport,
  WarmTarget,
} from './shared/protocol.js';
