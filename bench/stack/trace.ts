/**
 * The replayed workload (issue 14): a seeded trace, the same for every configuration. Popularity is
 * Zipf-like (Breslau et al., INFOCOM 1999); the mix is YCSB workload B's 95% reads / 5% updates, of
 * which reads a share are per-user (the signed-in user's /api/me or /api/inbox).
 */
export interface TraceParams {
  seed: number;
  notes: number;
  /** Zipf exponent s: P(rank r) ∝ 1 / r^s. */
  exponent: number;
  /** Operations per simulated user, after its warm-up. */
  opsPerUser: number;
  /** Operations per user replayed first and not measured, so the figures are the caches' steady state. */
  warmupPerUser: number;
  users: number;
  writeShare: number;
  /** Share of the reads that are per-user. */
  privateShare: number;
}

export type Op =
  | { kind: 'read'; note: number }
  | { kind: 'private'; path: '/api/me' | '/api/inbox' }
  | { kind: 'write'; note: number };

/** mulberry32: a small, fast, well-mixed 32-bit PRNG; enough for a reproducible trace. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws ranks 1..n by inverting the cumulative distribution (binary search over n weights). */
export function zipfSampler(n: number, exponent: number, random: () => number): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let rank = 1; rank <= n; rank++) cumulative[rank - 1] = total += 1 / rank ** exponent;
  return () => {
    const target = random() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! < target) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  };
}

/** One list of operations per user. Ranks map to note ids through a seeded shuffle, so hot notes are spread out. */
export function makeTrace(params: TraceParams): Op[][] {
  const random = seededRandom(params.seed);
  const ids = Array.from({ length: params.notes }, (_, i) => i + 1);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  const rank = zipfSampler(params.notes, params.exponent, random);
  const note = (): number => ids[rank() - 1]!;
  const perUser = params.warmupPerUser + params.opsPerUser;
  return Array.from({ length: params.users }, () =>
    Array.from({ length: perUser }, (): Op => {
      if (random() < params.writeShare) return { kind: 'write', note: note() };
      if (random() < params.privateShare) return { kind: 'private', path: random() < 0.5 ? '/api/me' : '/api/inbox' };
      return { kind: 'read', note: note() };
    }),
  );
}

/** The seeded notes: a title and a body of about 600 bytes, so bytes out of the origin mean something. */
export function seedNotes(params: TraceParams): Array<{ title: string; body: string }> {
  const random = seededRandom(params.seed ^ 0x5eed);
  const words = ['cache', 'stale', 'fresh', 'origin', 'proxy', 'worker', 'purge', 'tag', 'write', 'read', 'offline', 'queue'];
  return Array.from({ length: params.notes }, (_, i) => ({
    title: `Note ${i + 1}`,
    body: Array.from({ length: 100 }, () => words[Math.floor(random() * words.length)]).join(' '),
  }));
}
