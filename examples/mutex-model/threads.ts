/**
 * The two-process lock for a search over threads (`exploreThreads`): a
 * byte codec of its own (three bytes: each process's place and the lock;
 * they name nothing of the codec's, so the bytes are the same in every
 * thread), and the factory each thread builds the model with.
 */
import type { ByteWriter, StateCodec, ThreadModel } from 'hvspec/engine';
import { ByteReader } from 'hvspec/engine';
import { mutexModel, type MutexOp, type MutexState, type Pc } from './mutex.js';

const PCS: readonly Pc[] = ['idle', 'waiting', 'ready', 'critical'];

const write = (w: ByteWriter, pc: MutexState['pc'], locked: boolean): void => {
  w.byte(PCS.indexOf(pc[0]));
  w.byte(PCS.indexOf(pc[1]));
  w.byte(locked ? 1 : 0);
};

/** The lock's codec; under symmetry, a state's orbit (it and its mirror) is written with the processes sorted. */
export const mutexCodec = (symmetry: boolean): StateCodec<MutexState> => ({
  write: (w, s) => write(w, s.pc, s.locked),
  read: (bytes) => {
    const r = new ByteReader(bytes);
    return { pc: [PCS[r.varint()]!, PCS[r.varint()]!], locked: r.varint() === 1 };
  },
  ...(symmetry ? { writeCanonical: (w: ByteWriter, s: MutexState) => write(w, [...s.pc].sort((a, b) => PCS.indexOf(a) - PCS.indexOf(b)) as unknown as MutexState['pc'], s.locked) } : {}),
});

/** Builds the lock in a thread: `arg` is `mutexModel`'s options. */
export function mutexThreadModel(arg: unknown): ThreadModel<MutexState, MutexOp, undefined> {
  return { model: { ...mutexModel(arg as { atomic: boolean; release: number }), codec: mutexCodec } };
}
