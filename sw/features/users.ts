import type { ClearReport } from '../../src/shared/operations.js';
import { KeyStore } from '../crypto/keys.js';
import { broadcast } from '../messages.js';
import { SharedLoad } from '../storage/shared-load.js';
import { CurrentUser } from '../users/current-user.js';
import { buildPrivateRoute } from '../users/private-route.js';
import { Purger } from '../users/purge.js';
import type { Users, UsersFeature, UsersSession, UsersStartContext } from './feature.js';

/**
 * `features: [withUsers]`: private routes kept in a partition per user, `encrypt: true` routes sealed
 * with the user's key, `setUser()` and the logout purge of `clear()`.
 */
export const withUsers: UsersFeature = { kind: 'users', create: createUsers };

function createUsers(): Users {
  const currentUser = new CurrentUser();
  const keys = new KeyStore();
  // Private routes wait for an interrupted purge, which can only start once the outbox exists.
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  let isReady = false;
  // Resolves at once once an interrupted purge is complete; after a failed attempt, tries again.
  let purgeCompleted: () => Promise<void> = () => ready;
  const partitionId = async (): Promise<string | null> => {
    if (!isReady) await ready;
    await purgeCompleted();
    return (await currentUser.get()).partitionId;
  };

  return {
    currentUser,
    keys,
    buildRoute: (route, context) => buildPrivateRoute(route, { ...context, partitionId, keys }),
    start(context: UsersStartContext): UsersSession {
      const purger = new Purger({ ...context, currentUser, keys, outbox: context.outbox ?? noOutbox });
      const announceCleared = (report: ClearReport): void => {
        void broadcast('user-changed', { user: null });
        void broadcast('cleared', report);
      };
      // A logout the browser died in the middle of is completed before private data or writes are
      // served. If it cannot be (IndexedDB will not open), private routes answer from the network and
      // setUser()/clear() fail until a later attempt succeeds.
      const resumed = new SharedLoad(async () => (await purger.resume()).forEach(announceCleared));
      purgeCompleted = () => resumed.get();
      void resumed
        .get()
        .catch((error: unknown) => console.error('Stowage could not complete an interrupted clear()', error))
        .finally(() => {
          isReady = true;
          markReady();
        });
      return {
        ready,
        isReady: () => isReady,
        handlers: {
          'set-user': async ({ user }) => {
            await ready;
            await purgeCompleted();
            await purger.idle();
            await currentUser.set(user);
            void broadcast('user-changed', { user });
            return { user };
          },
          clear: async (options) => {
            await ready;
            await purgeCompleted();
            const report = await purger.clear(options);
            announceCleared(report);
            return report;
          },
        },
      };
    },
  };
}

const noOutbox = {
  flush: async () => ({ delivered: 0 }),
  pending: async () => [],
  discard: async () => ({ discarded: false }),
};
