/** The layers each replay runs with (issue 14): the same trace against each. */
export interface Configuration {
  name: string;
  /** Pages open on Varnish's port (else directly on the origin's). */
  varnish: boolean;
  /** The demo's Stowage worker controls the pages (else service workers are blocked and fetches skip the HTTP cache). */
  stowage: boolean;
  /** Each device listens to the invalidation feed and revalidates what it names. */
  feed: boolean;
}

export const CONFIGURATIONS: Configuration[] = [
  { name: 'no cache', varnish: false, stowage: false, feed: false },
  { name: 'Varnish only', varnish: true, stowage: false, feed: false },
  { name: 'Stowage only', varnish: false, stowage: true, feed: false },
  { name: 'Varnish + Stowage', varnish: true, stowage: true, feed: false },
  { name: 'Varnish + Stowage + feed', varnish: true, stowage: true, feed: true },
];
