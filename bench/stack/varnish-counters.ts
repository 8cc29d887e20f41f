/** Varnish's own counters (varnishstat), to cross-check the hit ratio the responses' Cache-Status shows. */
import { execFileSync } from 'node:child_process';

export interface VarnishCounters {
  hits: number;
  misses: number;
  passes: number;
}

const FIELDS = { hits: 'MAIN.cache_hit', misses: 'MAIN.cache_miss', passes: 'MAIN.s_pass' } as const;

export function readVarnishCounters(instanceDir: string): VarnishCounters {
  const args = ['-n', instanceDir, '-1', ...Object.values(FIELDS).flatMap((field) => ['-f', field])];
  const text = execFileSync('varnishstat', args, { encoding: 'utf8' });
  const value = (field: string): number => Number(new RegExp(`^${field.replace('.', '\\.')}\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { hits: value(FIELDS.hits), misses: value(FIELDS.misses), passes: value(FIELDS.passes) };
}

export function counterDelta(after: VarnishCounters, before: VarnishCounters): VarnishCounters {
  return { hits: after.hits - before.hits, misses: after.misses - before.misses, passes: after.passes - before.passes };
}
