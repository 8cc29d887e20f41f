/** The two DOM helpers every view of the demo uses. */

/** The element for `selector`; the page is static, so a missing one is a bug in index.html. */
export function $<T extends HTMLElement>(selector: string): T {
  const element = document.querySelector<T>(selector);
  if (!element) throw new Error(`Missing element ${selector}`);
  return element;
}

type Child = Node | string;

/** A new element with some properties and children: `h('li', { className: 'x' }, 'text')`. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = Object.assign(document.createElement(tag), props);
  element.append(...children);
  return element;
}

/** A button that runs `action` when clicked and stays disabled while it runs. */
export function button(text: string, action: () => Promise<unknown>): HTMLButtonElement {
  const element = h('button', { type: 'button', textContent: text });
  element.addEventListener('click', (event) => {
    event.stopPropagation();
    element.disabled = true;
    void action().finally(() => (element.disabled = false));
  });
  return element;
}
