import { ConnectivityTracker } from './connectivity.js';
import { broadcast } from './messages.js';

/** The worker's one tracker; every fetch the worker makes to the network reports to it. */
export const connectivity = new ConnectivityTracker({
  isOnline: () => navigator.onLine,
  announce: (state, sinceMs) => void broadcast('connectivity', { state, sinceMs }),
});

/** fetch(), reporting its outcome to the tracker. */
export async function observedFetch(request: Request): Promise<Response> {
  try {
    const response = await fetch(request);
    connectivity.noteResponse(response);
    return response;
  } catch (error) {
    connectivity.noteFailure();
    throw error;
  }
}
