import { describe, expect, it } from 'vitest';
import { readerMachine } from '../../../../models/vmbus/reader.js';
import { advance, initialState } from '../../../../src/system/machine-runtime.js';
import { buildWorld } from '../../../../src/faults/build-world.js';
import { DEFAULT_CONFIG } from '../../../../src/system/config.js';

describe('VSP ring reader', () => {
  const asleep = initialState(readerMachine);
  const draining = advance(readerMachine, advance(readerMachine, asleep, { type: 'SIGNAL' }).state, { type: 'READ' });

  it('reads only after a signal, and masks the ring while draining', () => {
    expect(advance(readerMachine, asleep, { type: 'READ' }).accepted).toBe(false);
    expect(draining.state.value).toBe('draining');
    expect(draining.actions.map((a) => a.type)).toEqual(['maskRing']);
  });

  it('at the end of a batch, clears the mask and keeps draining if it finds more', () => {
    const more = advance(readerMachine, draining.state, { type: 'END_READ', nonEmptyAfterUnmask: true });
    expect(more.state.value).toBe('draining');
    expect(more.actions.map((a) => a.type)).toEqual(['unmaskRing', 'maskRing']);
    const done = advance(readerMachine, draining.state, { type: 'END_READ', nonEmptyAfterUnmask: false });
    expect(done.state.value).toBe('asleep');
    expect(done.actions.map((a) => a.type)).toEqual(['unmaskRing']);
  });

  it('a stray signal while signalled or draining changes nothing and requests nothing', () => {
    const signalled = advance(readerMachine, asleep, { type: 'SIGNAL' }).state;
    for (const st of [signalled, draining.state]) {
      const r = advance(readerMachine, st, { type: 'SIGNAL' });
      expect(r.accepted).toBe(false);
      expect(r.state.value).toBe(st.value);
      expect(r.actions).toEqual([]);
    }
  });

  it('the skip-recheck fault sleeps on a non-empty ring', () => {
    const m = buildWorld(DEFAULT_CONFIG, ['end-read-skips-recheck']).machines.ringReader;
    expect(advance(m, draining.state, { type: 'END_READ', nonEmptyAfterUnmask: true }).state.value).toBe('asleep');
  });
});
