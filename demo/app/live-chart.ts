/**
 * A small hand-drawn SVG line chart: one line per route, the hit ratio (0 to 1) over the last
 * samples. No chart library: a polyline per route is all it takes.
 */
const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 320;
const HEIGHT = 120;
const MAX_SAMPLES = 60;
const COLOURS = ['#2f6fde', '#d9534f', '#2e9e5b', '#e8a317', '#8e44ad', '#16a2b8', '#6c757d', '#c2185b'];

export class LiveChart {
  readonly #svg: SVGSVGElement;
  readonly #legend: HTMLElement;
  /** Per route, one value per sample (null: the route was not used in that sample's window). */
  readonly #series = new Map<string, (number | null)[]>();
  #samples = 0;

  constructor(svg: SVGSVGElement, legend: HTMLElement) {
    this.#svg = svg;
    this.#legend = legend;
    svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  }

  /** Adds one sample: each route's hit ratio now, or null when it had no uses. */
  add(ratios: Record<string, number | null>): void {
    this.#samples++;
    for (const [route, ratio] of Object.entries(ratios)) {
      if (ratio === null && !this.#series.has(route)) continue;
      const values = this.#series.get(route) ?? new Array<number | null>(this.#samples - 1).fill(null);
      values.push(ratio);
      this.#series.set(route, values);
    }
    for (const values of this.#series.values()) {
      while (values.length < this.#samples) values.push(null);
      if (values.length > MAX_SAMPLES) values.splice(0, values.length - MAX_SAMPLES);
    }
    this.#samples = Math.min(this.#samples, MAX_SAMPLES);
    this.#draw();
  }

  #draw(): void {
    const step = WIDTH / (MAX_SAMPLES - 1);
    const y = (ratio: number): number => HEIGHT - 4 - ratio * (HEIGHT - 8);
    const grid = [0, 0.5, 1].flatMap((ratio) => [line(0, y(ratio), WIDTH, y(ratio), '#e3e6eb'), label(`${ratio * 100}%`, y(ratio))]);
    const lines = [...this.#series].map(([route, values], index) => {
      const offset = MAX_SAMPLES - values.length;
      const points = values.flatMap((ratio, at) => (ratio === null ? [] : [`${((offset + at) * step).toFixed(1)},${y(ratio).toFixed(1)}`]));
      const polyline = document.createElementNS(SVG, 'polyline');
      polyline.setAttribute('points', points.join(' '));
      polyline.setAttribute('fill', 'none');
      polyline.setAttribute('stroke', colour(index));
      polyline.setAttribute('stroke-width', '2');
      polyline.dataset.route = route;
      return polyline;
    });
    this.#svg.replaceChildren(...grid, ...lines);
    this.#legend.replaceChildren(
      ...[...this.#series].map(([route, values], index) => {
        const last = [...values].reverse().find((ratio) => ratio !== null);
        const item = Object.assign(document.createElement('span'), { textContent: `${route} ${last === undefined || last === null ? '–' : `${Math.round(last * 100)}%`}` });
        item.style.borderColor = colour(index);
        return item;
      }),
    );
  }
}

function colour(index: number): string {
  return COLOURS[index % COLOURS.length]!;
}

function line(x1: number, y1: number, x2: number, y2: number, stroke: string): SVGLineElement {
  const element = document.createElementNS(SVG, 'line');
  for (const [name, value] of Object.entries({ x1, y1, x2, y2 })) element.setAttribute(name, String(value));
  element.setAttribute('stroke', stroke);
  return element;
}

function label(text: string, y: number): SVGTextElement {
  const element = document.createElementNS(SVG, 'text');
  element.setAttribute('x', '2');
  element.setAttribute('y', String(Math.max(10, y - 2)));
  element.setAttribute('font-size', '9');
  element.setAttribute('fill', '#99a');
  element.textContent = text;
  return element;
}
