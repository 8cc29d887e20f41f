/** The stack benchmark's pure parts (issue 14): the seeded trace, and a BENCHMARKS.md section that leaves the rest of the file alone. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BEGIN, END, writeSection } from '../../bench/stack/report';
import { makeTrace, seededRandom, zipfSampler } from '../../bench/stack/trace';
import { backendsVcl } from '../../demo/stack/varnish';

const PARAMS = { seed: 7, notes: 1000, exponent: 0.8, users: 4, warmupPerUser: 0, opsPerUser: 5000, writeShare: 0.05, privateShare: 0.2 };

describe('the stack benchmark trace', () => {
  it('is the same trace for the same seed', () => {
    expect(makeTrace(PARAMS)).toEqual(makeTrace(PARAMS));
    expect(makeTrace({ ...PARAMS, seed: 8 })).not.toEqual(makeTrace(PARAMS));
  });

  it('has the YCSB B mix and the per-user share', () => {
    const ops = makeTrace(PARAMS).flat();
    const share = (kind: string): number => ops.filter((op) => op.kind === kind).length / ops.length;
    expect(share('write')).toBeCloseTo(0.05, 2);
    expect(share('private')).toBeCloseTo(0.95 * 0.2, 2);
  });

  it('draws ranks by Zipf: rank 1 about 2^s times as often as rank 2', () => {
    const draw = zipfSampler(1000, 1, seededRandom(1));
    const counts = new Map<number, number>();
    for (let i = 0; i < 200_000; i++) {
      const rank = draw();
      counts.set(rank, (counts.get(rank) ?? 0) + 1);
    }
    expect(counts.get(1)! / counts.get(2)!).toBeCloseTo(2, 0);
    expect([...counts.keys()].every((rank) => rank >= 1 && rank <= 1000)).toBe(true);
  });
});

describe('the BENCHMARKS.md section', () => {
  it('is appended once, then replaced in place, and the other sections stay as they were', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stowage-bench-md-'));
    const file = join(dir, 'BENCHMARKS.md');
    try {
      writeFileSync(file, '# Benchmarks\n\n## Other\n\nkept\n');
      await writeSection(file, 'first');
      await writeSection(file, 'second');
      const text = readFileSync(file, 'utf8');
      expect(text).toBe(`# Benchmarks\n\n## Other\n\nkept\n\n${BEGIN}\nsecond\n${END}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the stack VCL backends', () => {
  it('names every app server in the round-robin director, each probed off the request log', () => {
    const vcl = backendsVcl([4001, 4002]);
    expect(vcl).toContain('.port = "4001"');
    expect(vcl).toContain('.port = "4002"');
    expect(vcl).toContain('origins.add_backend(origin2);');
    expect(vcl).toContain('.url = "/__control/health"');
  });
});
