/**
 * The live panel: the hit ratio of each route over the last five minutes of the worker's clock,
 * sampled from stats() every few seconds and drawn by live-chart.ts; which layer answered the last
 * reads (reads.ts, from Cache-Status); and invalidations as the worker announces them.
 */
import type { EventMap, Stowage } from '../../src/index.js';
import { $, h } from './dom.js';
import { LiveChart } from './live-chart.js';
import { onReads, type Read } from './reads.js';

const SAMPLE_EVERY_MS = 3000;
const MAX_INVALIDATIONS = 6;

export class LivePanel {
  readonly #stowage: Stowage;
  readonly #chart = new LiveChart(document.querySelector<SVGSVGElement>('#hit-chart')!, $('#hit-legend'));

  constructor(stowage: Stowage) {
    this.#stowage = stowage;
    onReads((reads) => this.#showReads(reads));
    stowage.on('invalidated', (detail) => this.#showInvalidation(detail));
  }

  start(): void {
    void this.sample();
    setInterval(() => void this.sample(), SAMPLE_EVERY_MS);
  }

  /** One point per route: its hit ratio over the last five minutes, or a gap when it was not used. */
  async sample(): Promise<void> {
    const { routes } = await this.#stowage.stats();
    const ratios: Record<string, number | null> = {};
    for (const [route, counts] of Object.entries(routes)) {
      const window = counts.lastFiveMinutes;
      const uses = window.hits + window.stale + window.network + window.errors;
      ratios[route] = uses > 0 ? window.hitRatio : null;
    }
    this.#chart.add(ratios);
  }

  #showReads(reads: readonly Read[]): void {
    $('#reads').replaceChildren(
      ...reads.map((read) => {
        const item = h('li', { title: read.cacheStatus }, h('code', { textContent: read.path }), h('span', { className: 'layer', textContent: read.layer }));
        item.dataset.layer = read.layer;
        return item;
      }),
    );
  }

  #showInvalidation({ tags, urls, mode, matched, source }: EventMap['invalidated']): void {
    const what = [...new Set([...tags.map((tag) => `tag ${tag}`), ...urls.map((url) => new URL(url, location.href).pathname)])].join(', ') || 'everything';
    const item = h('li', {}, h('span', { textContent: `${what}: ${mode}, ${matched} entr${matched === 1 ? 'y' : 'ies'}` }), h('small', { textContent: `${source} · ${new Date().toLocaleTimeString()}` }));
    const list = $('#invalidations');
    list.prepend(item);
    while (list.children.length > MAX_INVALIDATIONS) list.lastElementChild?.remove();
  }
}
