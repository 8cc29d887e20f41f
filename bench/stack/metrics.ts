/** What one replay measured, from the pages' results, the origin's request log and the caches' own counters. */
import type { LoggedRequest } from '../../test/e2e/support/control.js';
import type { FeedArrival } from '../../test/e2e/support/feed-bridge.js';
import { quantile } from '../support/stats.js';
import type { OpResult } from './device.js';
import type { VarnishCounters } from './varnish-counters.js';

/** A read is stale when it returns a version older than a write committed more than this long before it started. */
export const STALE_AFTER_MS = 1000;

export interface ReplayMetrics {
  reads: number;
  publicReads: number;
  writes: number;
  origin200: number;
  origin304: number;
  originWrites: number;
  /** Of the origin's full answers, those to public note reads. */
  originPublic200: number;
  originBytes: number;
  /** Requests that reached Varnish and were answered from its store (varnishstat: hits over hits, misses and passes). */
  varnish?: { hitRatio: number; counters: VarnishCounters };
  /** Reads the worker answered without the network (its stats: fresh hits), over all reads. */
  stowageHitRatio?: number;
  /** Reads the worker answered at once from a stale copy while revalidating it (stale-while-revalidate), over all reads. */
  stowageStaleRatio?: number;
  latencyP50: number;
  latencyP95: number;
  staleReads: number;
  /** Commit (the note's updatedAt) to the event's arrival on each other device, ms. */
  feedDelays: number[];
  /** Committed effects (invalidation log rows) beyond one per acknowledged write. */
  duplicates: number;
  /**
   * Writes whose note some device read again before the note's next write: in any cache that is
   * emptied of what a write changed, each costs one full origin answer (the refill), so writes plus
   * these are the origin's floor for this replay.
   */
  refillsAfterWrites: number;
}

export interface Inputs {
  measured: OpResult[][];
  /** Every acknowledged write, warm-up included: version = commit time. */
  writes: Array<{ note: number; version: number; user: number }>;
  originLog: LoggedRequest[];
  committedEffects: number;
  acknowledgedWrites: number;
  stowage?: { hits: number; stale: number };
  varnish?: VarnishCounters;
  arrivals?: FeedArrival[][];
}

function isStale(read: OpResult, writesByNote: Map<number, number[]>): boolean {
  if (read.version === undefined || read.note === undefined) return false;
  return (writesByNote.get(read.note) ?? []).some((commit) => commit > read.version! && commit < read.start - STALE_AFTER_MS);
}

export function computeMetrics(inputs: Inputs): ReplayMetrics {
  const all = inputs.measured.flat();
  const reads = all.filter((result) => result.kind !== 'write');
  const publicReads = reads.filter((result) => result.kind === 'read');
  const writesByNote = new Map<number, number[]>();
  for (const write of inputs.writes) writesByNote.set(write.note, [...(writesByNote.get(write.note) ?? []), write.version]);

  const apiLog = inputs.originLog.filter((entry) => entry.path !== '/api/invalidations' && entry.path !== '/api/login');
  const gets = apiLog.filter((entry) => entry.method === 'GET' || entry.method === 'HEAD');
  const isNote = (entry: LoggedRequest): boolean => /^\/api\/notes\/\d+$/.test(entry.path);

  const metrics: ReplayMetrics = {
    reads: reads.length,
    publicReads: publicReads.length,
    writes: all.length - reads.length,
    origin200: gets.filter((entry) => entry.status === 200).length,
    origin304: gets.filter((entry) => entry.status === 304).length,
    originWrites: apiLog.length - gets.length,
    originPublic200: gets.filter((entry) => entry.status === 200 && isNote(entry)).length,
    originBytes: inputs.originLog.reduce((sum, entry) => sum + (entry.bytes ?? 0), 0),
    latencyP50: quantile(reads.map((read) => read.ms), 0.5),
    latencyP95: quantile(reads.map((read) => read.ms), 0.95),
    staleReads: publicReads.filter((read) => isStale(read, writesByNote)).length,
    feedDelays: [],
    duplicates: inputs.committedEffects - inputs.acknowledgedWrites,
    refillsAfterWrites: refillsAfterWrites(all),
  };
  if (inputs.varnish) {
    const { hits, misses, passes } = inputs.varnish;
    metrics.varnish = { hitRatio: hits / Math.max(1, hits + misses + passes), counters: inputs.varnish };
  }
  if (inputs.stowage) {
    metrics.stowageHitRatio = inputs.stowage.hits / Math.max(1, reads.length);
    metrics.stowageStaleRatio = inputs.stowage.stale / Math.max(1, reads.length);
  }
  if (inputs.arrivals) metrics.feedDelays = feedDelays(inputs.writes, inputs.arrivals);
  return metrics;
}

function refillsAfterWrites(results: OpResult[]): number {
  const purged = new Set<number>();
  let refills = 0;
  for (const result of [...results].sort((a, b) => a.start - b.start)) {
    if (result.note === undefined) continue;
    if (result.kind === 'write') purged.add(result.note);
    else if (purged.delete(result.note)) refills++;
  }
  return refills;
}

/** For each write, the first arrival of an event naming its note on every other device after the commit. */
function feedDelays(writes: Inputs['writes'], arrivals: FeedArrival[][]): number[] {
  const delays: number[] = [];
  for (const write of writes) {
    arrivals.forEach((device, index) => {
      if (index === write.user) return;
      // The page's and the server's clocks are the same machine's; a millisecond of rounding either way.
      const first = device.find((arrival) => arrival.at >= write.version - 1 && arrival.tags.includes(`note:${write.note}`));
      if (first) delays.push(Math.max(0, first.at - write.version));
    });
  }
  return delays;
}
