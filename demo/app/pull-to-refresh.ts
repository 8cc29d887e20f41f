/** How far a finger must drag down from the top of the list before letting go refreshes. */
const PULL_THRESHOLD_PX = 70;

/**
 * Calls `refresh` when the user drags `element` down while it is scrolled to the top, the usual
 * mobile gesture. While pulling, the element gets `data-pull` set (for a hint in the CSS).
 */
export function onPullToRefresh(element: HTMLElement, refresh: () => Promise<unknown>): void {
  let startY: number | undefined;
  let pulled = 0;
  element.addEventListener(
    'touchstart',
    (event) => {
      // Only from the very top, of the list and of the page (a list rarely scrolls on its own on a
      // phone: the page does), and with one finger (two are a pinch).
      const atTop = element.scrollTop === 0 && window.scrollY === 0;
      startY = atTop && event.touches.length === 1 ? event.touches[0]?.clientY : undefined;
      pulled = 0;
    },
    { passive: true },
  );
  element.addEventListener(
    'touchmove',
    (event) => {
      if (startY === undefined) return;
      pulled = Math.max(0, (event.touches[0]?.clientY ?? startY) - startY);
      element.dataset.pull = pulled >= PULL_THRESHOLD_PX ? 'release' : 'pulling';
    },
    { passive: true },
  );
  element.addEventListener('touchend', () => {
    delete element.dataset.pull;
    if (startY !== undefined && pulled >= PULL_THRESHOLD_PX) void refresh();
    startY = undefined;
  });
}
