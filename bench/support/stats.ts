/** Quantile by linear interpolation between closest ranks (the "R-7" method spreadsheets use). */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) throw new Error('quantile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const lower = sorted[below]!;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)]!;
  return lower + (upper - lower) * (position - below);
}

export interface Summary {
  count: number;
  medianMs: number;
  p95Ms: number;
}

export function summarize(samples: readonly number[]): Summary {
  return { count: samples.length, medianMs: quantile(samples, 0.5), p95Ms: quantile(samples, 0.95) };
}

export const formatMs = (ms: number): string => ms.toFixed(3);
export const formatRatio = (ratio: number): string => `${ratio.toFixed(2)}x`;
