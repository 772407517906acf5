/**
 * Faults of the VMBus channel: the rings' writer and reader, the VSP's
 * ring reader, and the pinning of I/O buffers for the root's DMA.
 */
import { defineFault } from '../../src/faults/fault.js';
import { DEFAULT_CONFIG } from '../../src/system/config.js';
import { skipped } from '../../src/system/outcome.js';
import { StepContext } from '../../src/system/step-context.js';
import { hypercall, dmManaged } from '../../src/system/handlers/partition.js';
import { RING_TRAILER_BYTES, consumePacket, packetBytes, publishWrite } from '../../src/substrate/vmbus-ring.js';
import { HOSTILE_HOST_CONFIG } from '../../src/system/hostile-host-config.js';

/** The writer accepts a packet that fills the ring. */
export const ringAcceptsFullWrite = defineFault({
  name: 'ring-accepts-full-write',
  description: 'A VMBus write is accepted when the free space equals the packet (>= instead of >): the ring fills completely and equal indices no longer mean empty.',
  breaks: ['ring-never-overflows', 'ring-empty-iff-indices-equal'],
  substrate: (f) => ({
    ringWrite: (r, p) => {
      const w = f.ringWrite(r, p);
      return w.kind === 'try-again' && w.available === w.needed ? publishWrite(r, p) : w;
    },
  }),
});

/** The reader does not skip the padding. */
export const ringReadIgnoresPadding = defineFault({
  name: 'ring-read-ignores-padding',
  description: 'The ring reader advances read_index by the unpadded payload length plus trailer, so the indices drift from the packets.',
  breaks: ['ring-empty-iff-indices-equal'],
  substrate: (f) => ({
    ringRead: (r) => {
      const res = f.ringRead(r);
      return res.kind === 'read' ? consumePacket(r, res.packet.len + RING_TRAILER_BYTES) : res;
    },
  }),
});

/** The writer drops every second signal. */
export const signalEverySecondWrite = defineFault({
  name: 'signal-every-second-write',
  description:
    'The ring writer signals only for packets it writes at odd packet slots of the data area (every second write), so a write that finds the ring empty with interrupt_mask clear at an even slot does not signal.',
  breaks: ['no-missed-ring-signal'],
  substrate: (f) => ({
    ringWrite: (r, p) => {
      const w = f.ringWrite(r, p);
      return w.kind === 'written' && w.signal && Math.floor(r.writeIndex / w.bytes) % 2 === 0 ? { ...w, signal: false } : w;
    },
  }),
});

/** The VSP goes to sleep without looking at the ring again. */
export const endReadSkipsRecheck = defineFault({
  name: 'end-read-skips-recheck',
  // One guest with one VP on one logical processor: the I/O path is most of what can happen.
  config: { ...DEFAULT_CONFIG, logicalProcessors: 1, partitions: [{ id: 'p1', vps: 1, gpaPages: 4 }] },
  // The guest must write while the VSP drains: more requests and takes, fewer intercepts (which take the guest's only VP off
  // its LP). Measured in 200 runs: caught at 8 of seeds 1 to 10 with these weights, at 1 of seeds 1 to 8 without.
  weights: { submitIo: 10, vspTakeRequest: 6, installIntercept: 1, guestExecute: 2 },
  description: 'The VSP clears interrupt_mask and goes to sleep without looking at the ring again, missing requests written while the mask was set.',
  breaks: ['no-missed-ring-signal'],
  machines: (m) => ({ ringReader: m.ringReader.provide({ guards: { ringStillHasData: () => false } }) }),
});

/** UnmapGpaPages ignores DMA pins. */
export const unmapIgnoresDmaPin = defineFault({
  name: 'unmap-ignores-dma-pin',
  // One guest with one VP on one logical processor: the unmap must come while the I/O is in flight, and the I/O path's ops
  // (heavy by default) complete it quickly. Measured in 200 runs: caught at 5 of seeds 1 to 5 with these weights, at 2 of 5
  // on the default host with the default weights.
  config: { ...DEFAULT_CONFIG, logicalProcessors: 1, partitions: [{ id: 'p1', vps: 1, gpaPages: 4 }] },
  weights: { unmapGpaPages: 6 },
  description: "UnmapGpaPages unmaps a GPA that an in-flight I/O's buffer list pins for the root's DMA.",
  breaks: ['io-buffers-stay-mapped-until-completion'],
  // UnmapGpaPages without the check of the GPAs pinned for in-flight I/O.
  ops: {
    unmapGpaPages: (system, o) => {
      if (dmManaged(system, o.pid)) return { system, outcome: skipped(`${o.pid}'s memory is managed by its Dynamic Memory VSP`) };
      return hypercall(new StepContext(system), o, 'UnmapGpaPages', { type: 'UnmapGpaPages', gpa: o.gpa, pages: o.pages });
    },
  },
});

/** The writer signals on every write. */
export const ringSignalsEveryWrite = defineFault({
  name: 'ring-signals-every-write',
  // One guest with one VP on one logical processor: the guest must write while the VSP drains (between its take and its end
  // of read): more requests and takes, fewer ends of read and intercepts. Measured in 200 runs: caught at 5 of seeds 1 to 5
  // with these weights, at 3 of 5 on the default host with the default weights.
  config: { ...DEFAULT_CONFIG, logicalProcessors: 1, partitions: [{ id: 'p1', vps: 1, gpaPages: 4 }] },
  weights: { submitIo: 12, vspTakeRequest: 8, vspEndRead: 2, installIntercept: 1, guestExecute: 2 },
  description:
    'The VMBus ring writer signals its reader after every write, not only when the ring goes from empty to non-empty with interrupt_mask clear: every packet written to a non-empty or draining ring is a spurious interrupt.',
  breaks: ['ring-writer-signals-only-when-ring-becomes-non-empty'],
  substrate: (f) => ({
    ringWrite: (r, p) => {
      const w = f.ringWrite(r, p);
      return w.kind === 'written' ? { ...w, signal: true } : w;
    },
  }),
});

/** The reader signals the writer after every read. */
export const readerSignalsEveryRead = defineFault({
  name: 'reader-signals-every-read',
  description:
    'The VMBus ring reader signals the writer after every read, whether or not a writer waits and whether or not the free space crossed its pending_send_sz (as a reader that ignores feat_pending_send_sz does).',
  breaks: ['reader-wakes-waiting-writer-once-per-crossing'],
  substrate: (f) => ({
    ringRead: (r) => {
      const res = f.ringRead(r);
      return res.kind === 'read' ? { ...res, signalWriter: true } : res;
    },
  }),
});

/** The VSP's ring reader trusts the guest's write index. */
export const ringReaderTrustsWriteIndex = defineFault({
  name: 'ring-reader-trusts-write-index',
  config: HOSTILE_HOST_CONFIG,
  // Measured in 200 runs: caught at 5 of seeds 1 to 5 with these weights.
  weights: { submitIo: 8, ringPoke: 6, vspTakeRequest: 8 },
  description:
    "The VSP's ring reader copies the unread bytes from read_index up to the guest's write_index in one batch, taking write_index as it finds it: it never checks that the index lies in the data area, so a write_index past the end makes the copy run past the ring.",
  breaks: ['ring-reader-stays-in-data-area'],
  substrate: () => ({
    ringRead: (r) => {
      const packet = r.packets[0];
      if (!packet || r.writeIndex === r.readIndex) return { kind: 'empty' };
      // The unread bytes as the indices say, neither index checked: the batch it copies.
      const batch = r.writeIndex >= r.readIndex ? r.writeIndex - r.readIndex : r.dataSize - r.readIndex + r.writeIndex;
      return { ...consumePacket(r, packetBytes(packet.len)), span: { start: r.readIndex, length: batch } };
    },
  }),
});
