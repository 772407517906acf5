import { describe, expect, it } from 'vitest';
import { listenForStop, forcedExitStatus } from '../../../src/cli/stop.js';

describe('listenForStop', () => {
  it('the first SIGINT or SIGTERM asks to stop, the second exits with 128 + its number, and dispose removes the handlers', () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const firsts: string[] = [];
    const exits: number[] = [];
    const stop = listenForStop((s) => firsts.push(s), (s) => exits.push(s));
    try {
      expect(stop.signal).toBeUndefined();
      process.emit('SIGTERM');
      expect(stop.signal).toBe('SIGTERM');
      expect(firsts).toEqual(['SIGTERM']);
      expect(exits).toEqual([]);
      process.emit('SIGINT');
      expect(exits).toEqual([130]);
      expect(stop.signal).toBe('SIGTERM');
    } finally {
      stop.dispose();
    }
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
    expect(forcedExitStatus('SIGTERM')).toBe(143);
  });
});
