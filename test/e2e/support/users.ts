import type { DemoPage } from './demo-page.js';

/** Signs in on the demo server (a session cookie) and tells Stowage, as the demo's login form does. */
export async function logIn(app: DemoPage, user: string): Promise<void> {
  await app.page.evaluate(async (user) => {
    const response = await fetch('/api/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user }) });
    if (!response.ok) throw new Error(`login failed: ${response.status}`);
    await window.stowage.setUser(user);
  }, user);
}

/** The URLs stored in any user partition (caches named `…:u:<partition>`). */
export function partitionedUrls(app: DemoPage): Promise<string[]> {
  return app.cachedUrls(':u:');
}
