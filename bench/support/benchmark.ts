import type { Browser } from '@playwright/test';

/** What every benchmark gets: one shared browser, launched once per `npm run bench`. */
export interface BenchContext {
  browser: Browser;
}

/** One benchmark: runs, prints what it wants, and returns its section of BENCHMARKS.md. */
export interface Benchmark {
  name: string;
  run(context: BenchContext): Promise<BenchSection>;
}

export interface BenchSection {
  /** The section heading (rendered as `##`). */
  title: string;
  /** Markdown body: tables, sample counts, and a sentence of method. */
  markdown: string;
  /** Goals that must hold (size budgets): each one missed fails `npm run bench` after BENCHMARKS.md is written. */
  failures?: string[];
}
