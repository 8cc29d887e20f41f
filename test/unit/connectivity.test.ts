import { describe, expect, it } from 'vitest';
import { ConnectivityTracker } from '../../sw/connectivity.js';
import type { Connectivity } from '../../src/shared/connectivity.js';

function tracker(online = true): { tracker: ConnectivityTracker; announced: Connectivity[]; setOnline: (value: boolean) => void } {
  let isOnline = online;
  const announced: Connectivity[] = [];
  return {
    tracker: new ConnectivityTracker({ isOnline: () => isOnline, announce: (state) => announced.push(state) }),
    announced,
    setOnline: (value) => (isOnline = value),
  };
}

const response = (status: number, headers: Record<string, string> = {}): Response => new Response(null, { status, headers });

describe('the worker’s connectivity', () => {
  it('is unreachable when a fetch fails while the browser says it is online, and online at the next answer', () => {
    const { tracker: t, announced } = tracker();
    t.noteFailure();
    expect(t.current().state).toBe('unreachable');
    t.noteResponse(response(404));
    expect(t.current().state).toBe('online');
    expect(announced).toEqual(['unreachable', 'online']);
  });

  it('is offline when the browser says so, and back online when it says so again', () => {
    const { tracker: t, announced, setOnline } = tracker();
    setOnline(false);
    t.noteFailure();
    expect(t.current().state).toBe('offline');
    setOnline(true);
    expect(t.current().state).toBe('online');
    expect(announced).toEqual(['offline', 'online']);
  });

  it('counts a proxy’s 502, 503 and 504 as unreachable, but not Stowage’s own 504', () => {
    for (const status of [502, 503, 504]) {
      const { tracker: t } = tracker();
      t.noteResponse(response(status));
      expect(t.current().state).toBe('unreachable');
    }
    const { tracker: t, announced } = tracker();
    t.noteResponse(response(504, { 'X-Stowage-Error': 'network-error' }));
    expect(t.current().state).toBe('online');
    expect(announced).toEqual([]);
  });

  it('announces a state once, however many fetches confirm it', () => {
    const { tracker: t, announced } = tracker();
    t.noteFailure();
    t.noteFailure();
    t.noteResponse(response(503));
    expect(announced).toEqual(['unreachable']);
  });
});
