/**
 * Runs `rounds` rounds in which every subject takes one turn, rotating who goes first, so drift in the
 * machine's load is shared by all of them. Each turn returns its samples; the result keeps them per
 * subject, with each round's median for the round-by-round spread of a ratio.
 */
import { quantile } from './stats.js';

export interface RoundRobinResult {
  samples: number[];
  roundMedians: number[];
}

export async function roundRobin<S>(subjects: readonly S[], rounds: number, turn: (subject: S) => Promise<number[]>): Promise<Map<S, RoundRobinResult>> {
  const results = new Map<S, RoundRobinResult>(subjects.map((subject) => [subject, { samples: [], roundMedians: [] }]));
  for (let round = 0; round < rounds; round += 1) {
    for (let offset = 0; offset < subjects.length; offset += 1) {
      const subject = subjects[(round + offset) % subjects.length]!;
      const samples = await turn(subject);
      const result = results.get(subject)!;
      result.samples.push(...samples);
      result.roundMedians.push(quantile(samples, 0.5));
    }
  }
  return results;
}

/** `a / b` of the medians, of the p95s, and the min–max of the per-round median ratios. */
export function ratioOf(a: RoundRobinResult, b: RoundRobinResult): { median: number; p95: number; min: number; max: number } {
  const perRound = a.roundMedians.map((median, round) => median / b.roundMedians[round]!);
  return {
    median: quantile(a.samples, 0.5) / quantile(b.samples, 0.5),
    p95: quantile(a.samples, 0.95) / quantile(b.samples, 0.95),
    min: Math.min(...perRound),
    max: Math.max(...perRound),
  };
}
