/** The layers each replay runs with (issue 14): the same trace against each. */
export interface Configuration {
  name: string;
  /** Pages open on Varnish's port (else directly on the origin's). */
  varnish: boolean;
  /** The demo's Stowage worker controls the pages (else service workers are blocked and fetches skip the HTTP cache). */
  stowage: boolean;
  /**
   * Each device also listens to the invalidation feed itself, revalidates at once the notes an event
   * names (test/e2e/support/feed-bridge.ts) and logs the event's arrival. Without it the feed is not
   * off: the demo page registers it, and its worker applies each event as `expire`, so the next read
   * revalidates.
   */
  feed: boolean;
}

export const CONFIGURATIONS: Configuration[] = [
  { name: 'no cache', varnish: false, stowage: false, feed: false },
  { name: 'Varnish only', varnish: true, stowage: false, feed: false },
  { name: 'Stowage only', varnish: false, stowage: true, feed: false },
  { name: 'Varnish + Stowage', varnish: true, stowage: true, feed: false },
  { name: 'Varnish + Stowage + eager refresh on the feed', varnish: true, stowage: true, feed: true },
];
