/**
 * `npm run bench`: runs every benchmark in one browser, prints each section, and writes them all to
 * BENCHMARKS.md with the date, machine and browser they were measured on. Benchmarks report; nothing
 * here asserts a timing. A later benchmark is one more module in BENCHMARKS below.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { BEGIN as STACK_BEGIN, END as STACK_END } from './stack/report.js';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { bundleSize } from './benchmarks/bundle-size.js';
import { cacheHit } from './benchmarks/cache-hit.js';
import { cacheHitEngines } from './benchmarks/cache-hit-engines.js';
import { coldStart } from './benchmarks/cold-start.js';
import { encryption } from './benchmarks/encryption.js';
import { httpCache } from './benchmarks/http-cache.js';
import { invalidation } from './benchmarks/invalidation.js';
import { largeHit } from './benchmarks/large-hit.js';
import { memory } from './benchmarks/memory.js';
import { outbox } from './benchmarks/outbox.js';
import { warmThroughput } from './benchmarks/warm.js';
import type { Benchmark, BenchSection } from './support/benchmark.js';
import { launchChromium } from './support/browser.js';

const BENCHMARKS: Benchmark[] = [bundleSize, cacheHit, cacheHitEngines, coldStart, largeHit, encryption, outbox, httpCache, invalidation, warmThroughput, memory];
const OUTPUT = 'BENCHMARKS.md';

async function main(): Promise<void> {
  // Benchmark names pick benchmarks; `--engines=firefox,webkit` picks cache-hit-engines' engines.
  const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const selected = only.length ? BENCHMARKS.filter(({ name }) => only.includes(name)) : BENCHMARKS;
  const started = Date.now();
  // Other work on the machine is the main source of noise; the load average says how much there was.
  const loadAtStart = loadavg()[0]!;
  const browser = await launchChromium();
  const sections: BenchSection[] = [];
  try {
    for (const benchmark of selected) {
      console.log(`\n== ${benchmark.name}`);
      const section = await benchmark.run({ browser });
      console.log(`\n## ${section.title}\n\n${section.markdown}\n`);
      sections.push(section);
    }
    const cpu = cpus();
    const header = [
      '# Benchmarks',
      '',
      'Written by `npm run bench`; do not edit by hand. Absolute times depend on the machine: compare the ratios.',
      '',
      `- Date: ${new Date().toISOString().slice(0, 10)}`,
      `- Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GB, ${platform()} ${release()}; ` +
        `1-minute load average ${loadAtStart.toFixed(1)} at the start`,
      `- Browser: Chromium ${browser.version()} (headless), Node ${process.version}`,
      '',
    ];
    if (only.length) console.log(`Only ran ${selected.map(({ name }) => name).join(', ')}: ${OUTPUT} not written.`);
    else {
      // The stack's section is `npm run stack:bench`'s own (it needs Varnish); keep it as it was.
      const previous = await readFile(OUTPUT, 'utf8').catch(() => '');
      const stack = previous.includes(STACK_BEGIN) ? previous.slice(previous.indexOf(STACK_BEGIN), previous.indexOf(STACK_END) + STACK_END.length) : '';
      const body = [...header, ...sections.flatMap(({ title, markdown }) => [`## ${title}`, '', markdown, ''])];
      await writeFile(OUTPUT, [...body, ...(stack ? [stack, ''] : [])].join('\n'));
    }
  } finally {
    await browser.close();
  }
  const failures = sections.flatMap((section) => section.failures ?? []);
  if (failures.length > 0) {
    console.error(`\nBUDGET EXCEEDED:\n${failures.map((failure) => `- ${failure}`).join('\n')}`);
    process.exitCode = 1;
  }
  console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s${only.length ? '' : `; wrote ${OUTPUT}`}.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
