/**
 * Sign in, switch account, sign out. The worker keeps each user's private reads (the profile, the
 * inbox) in that user's partition; switching moves every tab to the new user's partition, and
 * signing out runs clear(): queued writes are delivered first, then the user's cached data, the
 * private caches and the encryption key are deleted, and the panel says what was removed.
 *
 * The page remembers who signed in (localStorage), so a first visit asks nothing private of the
 * server: no 401 for a visitor who never signed in.
 */
import type { ClearReport, Stowage } from '../../src/index.js';
import { api } from './api.js';
import { $, h } from './dom.js';

const USER_KEY = 'stowage-demo-user';

interface Me {
  user: string;
  displayName: string;
}

interface Message {
  id: number;
  from: string;
  subject: string;
  text: string;
}

export class Accounts {
  readonly #stowage: Stowage;

  constructor(stowage: Stowage) {
    this.#stowage = stowage;
    $('#login').addEventListener('submit', (event) => {
      event.preventDefault();
      const user = String(new FormData(event.currentTarget as HTMLFormElement).get('user'));
      void this.signIn(user);
    });
    $('#switch').addEventListener('click', () => {
      $('#login').hidden = false;
      $<HTMLInputElement>('#login input[name=user]').focus();
    });
    $('#logout').addEventListener('click', () => void this.signOut());
    // Another tab signed in, switched or signed out.
    stowage.on('user-changed', ({ user }) => {
      remember(user);
      void this.show();
    });
  }

  get signedIn(): boolean {
    return localStorage.getItem(USER_KEY) !== null;
  }

  async signIn(user: string): Promise<void> {
    const previous = localStorage.getItem(USER_KEY);
    await api('/api/login', { method: 'POST', body: JSON.stringify({ user }) });
    await this.#stowage.setUser(user);
    remember(user);
    $('#account-report').textContent = previous && previous !== user ? `Switched from ${previous} to ${user}: ${previous}'s cached data stays in its own partition, out of ${user}'s reach.` : '';
    await this.show();
  }

  /** Purges this user's data first (while the session still lets queued writes through), then ends the session. */
  async signOut(): Promise<void> {
    const report = await this.#stowage.clear();
    await api('/api/logout', { method: 'POST' });
    remember(null);
    $('#account-report').textContent = describe(report);
    await this.show();
  }

  /** Shows the signed-in user's profile and inbox, or the sign-in form; private panels empty when nobody is signed in. */
  async show(): Promise<void> {
    const user = localStorage.getItem(USER_KEY);
    const me = user ? await api<Me>('/api/me').then(({ data }) => data, () => null) : null;
    $('#who').textContent = me ? `Signed in as ${me.user}` : '';
    for (const selector of ['#who', '#logout', '#switch']) $(selector).hidden = !me;
    $('#login').hidden = Boolean(me);
    $<HTMLFormElement>('#login').reset();
    $('#inbox-section').hidden = !me;
    $('#profile').textContent = me ? `${me.displayName} (${me.user})` : '';
    if (me) await this.loadInbox();
    else $('#inbox').replaceChildren();
  }

  async loadInbox(): Promise<void> {
    const messages = await api<Message[]>('/api/inbox').then(({ data }) => data, () => []);
    $('#inbox').replaceChildren(...messages.map((message) => h('li', {}, message.subject, h('small', { textContent: message.from }))));
  }
}

function remember(user: string | null): void {
  if (user) localStorage.setItem(USER_KEY, user);
  else localStorage.removeItem(USER_KEY);
}

function describe(report: ClearReport): string {
  const parts = [
    `${report.entriesDeleted} cached entr${report.entriesDeleted === 1 ? 'y' : 'ies'} in ${report.cachesDeleted} cache${report.cachesDeleted === 1 ? '' : 's'}`,
    report.keyDeleted ? 'the encryption key' : 'no encryption key',
  ];
  const writes = `${report.delivered} queued write${report.delivered === 1 ? '' : 's'} delivered first${report.discarded ? `, ${report.discarded} discarded` : ''}`;
  return `Signed out. Removed ${parts.join(' and ')}; ${writes}.`;
}
