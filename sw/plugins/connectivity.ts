import type { WorkboxPlugin } from 'workbox-core/types.js';
import { connectivity } from '../worker-connectivity.js';

/** Tells the worker's connectivity tracker how each of a route's network requests went. */
export const connectivityPlugin: WorkboxPlugin = {
  async fetchDidSucceed({ response }) {
    connectivity.noteResponse(response);
    return response;
  },
  async fetchDidFail() {
    connectivity.noteFailure();
  },
};
