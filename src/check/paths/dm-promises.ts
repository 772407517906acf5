/**
 * What each Dynamic Memory state promises (its `meta.promise`), as checks
 * on the system, for the path walker: the guest driver's (dmGuest) and the
 * VSP's (dmHost) of the watched guest. Parent states (INITIALIZING, ready)
 * promise what all their children share.
 */
import type { System } from '../../system/system.js';
import type { DmGuest } from '../../system/dm-record.js';
import type { DmMessage } from '../../../models/dynamic-memory/messages.js';
import { DM_VERSIONS } from '../../../models/dynamic-memory/messages.js';
import { driverState } from '../../system/handlers/dm-channel.js';
import { at } from '../../substrate/ids.js';
import type { Instance, PromiseCheck } from './instance.js';

const guest = (sys: System, i: Instance): DmGuest | undefined => at(sys.dm, i.pid!);
const count = (ms: readonly DmMessage[], type: DmMessage['type']) => ms.filter((m) => m.type === type).length;

/** With a started guest, `check` of it; without one, what a state past start must not be. */
const started =
  (check: (g: DmGuest) => string | null): PromiseCheck =>
  (sys, i) => {
    const g = guest(sys, i);
    return g ? check(g) : `${i.pid}'s Dynamic Memory is not started`;
  };

/** The requests a host makes once negotiated. */
const REQUESTS = ['BALLOON_REQUEST', 'UNBALLOON_REQUEST', 'MEM_HOT_ADD_REQUEST'] as const;
const requestsOut = (g: DmGuest) => REQUESTS.reduce((n, t) => n + count(g.toGuest, t), 0);

/** Balloon pages are pinned as they are taken: the balloon and the pinned set are the same pages. */
const balloonPinned = (g: DmGuest): string | null =>
  JSON.stringify(g.mm.balloon) === JSON.stringify(g.mm.pinned) ? null : `the balloon holds ${g.mm.balloon.length} pages but ${g.mm.pinned.length} are pinned`;

/** The guest driver's checks, by state path. */
export const DM_GUEST_PROMISES: Readonly<Record<string, PromiseCheck>> = {
  UNLOADED: (sys, i) => {
    const g = guest(sys, i);
    return g && g.toHost.length ? `an unloaded driver has ${g.toHost.length} messages on their way to the host` : null;
  },
  INITIALIZING: started((g) => (requestsOut(g) ? 'the host sent a request before negotiation ended' : null)),
  'INITIALIZING.version': started((g) => {
    const out = count(g.toHost, 'VERSION_REQUEST') + count(g.toGuest, 'VERSION_RESPONSE');
    if (out !== 1) return `${out} version requests are outstanding, not 1`;
    const bad = g.toHost.find((m) => m.type === 'VERSION_REQUEST' && m.isLastAttempt !== (m.version === DM_VERSIONS.WIN7 ? 1 : 0));
    return bad ? 'is_last_attempt is set on a version other than 0.3, or not on 0.3' : null;
  }),
  'INITIALIZING.capabilities': started((g) => {
    const out = count(g.toHost, 'CAPABILITIES_REPORT') + count(g.toGuest, 'CAPABILITIES_RESPONSE');
    return out === 1 ? null : `${out} capabilities reports are outstanding, not 1`;
  }),
  // The state is a label of the last request taken: the balloon or hot-add work of an earlier request may still be pending.
  INITIALIZED: started((g) => {
    const c = g.driver.context;
    if (!c.balloonPending && c.remaining !== 0) return `with no balloon work pending, the driver still has ${c.remaining} balloon pages to hand over`;
    if (!c.hotAddPending && g.guestHotAdd) return 'with no hot-add work pending, the driver is onlining hot-added memory';
    return balloonPinned(g);
  }),
  BALLOON_UP: started((g) => (g.driver.context.remaining < 0 ? `the balloon request has ${g.driver.context.remaining} pages left` : balloonPinned(g))),
  BALLOON_DOWN: started((g) => (g.unballoonLastTaken ? 'the driver waits for the last unballoon request, yet has taken it' : null)),
  HOT_ADD: started((g) => {
    // No online timeout: hv_mem_hot_add proceeds when onlining is late (the wait never fails an add).
    return g.guestHotAdd ? null : 'the driver onlines hot-added memory without a range';
  }),
  INIT_ERROR: started((g) => {
    const late = g.toHost.find((m) => m.type !== 'VERSION_REQUEST' && m.type !== 'CAPABILITIES_REPORT');
    return late ? `a driver that failed negotiation sent ${late.type}` : null;
  }),
};

/** The transactions open in the VSP, as one text. */
const open = (g: DmGuest) => g.open.join(',');

/** The VSP's checks, by state path. */
export const DM_HOST_PROMISES: Readonly<Record<string, PromiseCheck>> = {
  waitingReset: (sys, i) => (guest(sys, i) ? `${i.pid}'s VSP waits for a reset, yet its channel is open` : null),
  waitingVersion: started((g) => (g.toGuest.some((m) => m.type === 'VERSION_RESPONSE' && m.isAccepted === 1) ? 'the VSP waits for a version, yet accepted one' : null)),
  waitingCapabilities: started((g) => (g.open.length || requestsOut(g) ? 'the VSP opened a transaction before the capabilities report' : null)),
  ready: started((g) => {
    const d = driverState(g);
    return d === 'UNLOADED' || d === 'INITIALIZING.version' ? `the VSP is ready while the guest driver is in ${d}` : null;
  }),
  'ready.postInitWait': started((g) => (g.open.length || requestsOut(g) ? 'the VSP sent a request during the post-init wait' : null)),
  'ready.idle': started((g) => (g.open.length ? `an idle VSP has ${open(g)} open` : null)),
  'ready.balloonWaitReply': started((g) => (open(g) === 'balloon' ? null : `the VSP waits for balloon responses with ${open(g) || 'nothing'} open`)),
  'ready.unballoonWaitReply': started((g) => (open(g) === 'unballoon' ? null : `the VSP waits for the unballoon response with ${open(g) || 'nothing'} open`)),
  'ready.hotAddWaitReply': started((g) => {
    if (open(g) !== 'hotAdd') return `the VSP waits for the hot-add answer with ${open(g) || 'nothing'} open`;
    return g.hostHotAdd ? null : 'the VSP waits for a hot-add answer it has no range for';
  }),
};
