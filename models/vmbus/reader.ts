/**
 * The root's VSP as the reader of a channel's outbound ring (Linux
 * hv_begin_read / hv_end_read, reference §7).
 *
 * Claims: the reader sleeps only on an empty ring. It wakes on a signal;
 * while it drains it sets interrupt_mask so that writers need not signal
 * it; when it finds the ring empty it clears the mask and then looks again,
 * so a packet written while the mask was set is never left unread.
 *
 * An interleaving that would break it: the reader takes the last packet
 * (mask set); the guest writes a new request (no signal: the mask is set);
 * the reader clears the mask and goes to sleep without looking again. The
 * ring is non-empty, and nobody will ever signal it (`no-missed-ring-signal`).
 *
 * A SIGNAL is declared only where one can arrive: asleep. A writer signals
 * only a ring that was empty with interrupt_mask clear (reference §7), so a
 * signalled reader (its unread packet keeps the ring non-empty) and a
 * draining one (it keeps the mask set) are never signalled; were a stray
 * signal to come, XState ignores an event no transition takes, and nothing
 * changes (the reader's unit test pins that).
 */
import { setup } from 'xstate';

/** Events of the ring reader. */
export type ReaderEvent =
  | { type: 'SIGNAL' }
  | { type: 'READ' }
  /** The reader found the ring empty; `nonEmptyAfterUnmask` is what it sees when it looks again after clearing the mask. */
  | { type: 'END_READ'; nonEmptyAfterUnmask: boolean };

/** The reader keeps no context. */
export type ReaderContext = Record<string, never>;

/** The ring reader of a VSP. */
export const readerMachine = setup({
  types: { context: {} as ReaderContext, events: {} as ReaderEvent },
  actions: {
    /** Request: set the ring's interrupt_mask. */
    maskRing: () => {},
    /** Request: clear the ring's interrupt_mask. */
    unmaskRing: () => {},
  },
  guards: {
    /** The look after clearing the mask found data. */
    ringStillHasData: ({ event }) => event.type === 'END_READ' && event.nonEmptyAfterUnmask,
  },
}).createMachine({
  id: 'reader',
  context: {},
  initial: 'asleep',
  states: {
    asleep: {
      meta: { promise: 'the ring is empty and interrupt_mask is clear: the next write signals' },
      on: { SIGNAL: 'signalled' },
    },
    signalled: {
      meta: { promise: 'a writer signalled: the reader will run' },
      on: { READ: { target: 'draining', actions: 'maskRing' } },
    },
    draining: {
      meta: { promise: 'the reader is reading with interrupt_mask set' },
      on: {
        READ: 'draining',
        END_READ: [
          { guard: 'ringStillHasData', target: 'draining', actions: ['unmaskRing', 'maskRing'] },
          { target: 'asleep', actions: 'unmaskRing' },
        ],
      },
    },
  },
});
