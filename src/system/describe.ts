/**
 * Ops in words, as a counterexample prints them.
 */
import { match } from 'ts-pattern';
import type { Op } from './ops.js';
import type { Config } from './config.js';
import { hex } from '../substrate/ids.js';
import { describeInstruction, toInstruction } from '../../models/intercept/instructions.js';

const pages = (n: number) => `${n} page${n === 1 ? '' : 's'}`;
const mask = (m: number) => (m > 7 ? `${hex(m)} (invalid)` : ['READ', 'WRITE', 'EXECUTE'].filter((_, i) => m & (1 << i)).join('|'));
const access = (a: number) => ['R', 'W', 'X', 'U'].filter((_, i) => a & (1 << i)).join('') || 'none';

/** One line naming the op and its arguments. */
export function describeOp(op: Op, config?: Config): string {
  return match(op)
    .with({ type: 'createPartition' }, (o) => {
      const c = config?.partitions.find((p) => p.id === o.pid);
      return c ? `createPartition ${o.pid} (${c.vps} VP${c.vps > 1 ? 's' : ''}, ${c.gpaPages} GPA pages)` : `createPartition ${o.pid}`;
    })
    .with({ type: 'depositMemory' }, (o) => `depositMemory ${o.pid} ${pages(o.pages)}`)
    .with({ type: 'withdrawMemory' }, (o) => `withdrawMemory ${o.pid} ${pages(o.pages)}`)
    .with({ type: 'initializePartition' }, (o) => `initializePartition ${o.pid}`)
    .with({ type: 'mapGpaPages' }, (o) => `mapGpaPages ${o.pid} gpa ${hex(o.gpa)} ${pages(o.pages)} ${access(o.access)}`)
    .with({ type: 'unmapGpaPages' }, (o) => `unmapGpaPages ${o.pid} gpa ${hex(o.gpa)} ${pages(o.pages)}`)
    .with({ type: 'finalizePartition' }, (o) => `finalizePartition ${o.pid}`)
    .with({ type: 'deletePartition' }, (o) => `deletePartition ${o.pid}`)
    .with({ type: 'getMemoryBalance' }, (o) => `getMemoryBalance ${o.pid}`)
    .with({ type: 'getNextChildPartition' }, (o) => `getNextChildPartition of ${o.pid}`)
    .with({ type: 'dispatchVp' }, (o) => `dispatchVp ${o.pid} vp${o.vp} on lp${o.lp}`)
    .with({ type: 'descheduleVp' }, (o) => `descheduleVp lp${o.lp}`)
    .with({ type: 'haltVp' }, (o) => `haltVp lp${o.lp}`)
    .with({ type: 'suspendVp' }, (o) => `suspendVp ${o.pid} vp${o.vp}`)
    .with({ type: 'resumeVp' }, (o) => `resumeVp ${o.pid} vp${o.vp}`)
    .with({ type: 'guestAccess' }, (o) => `guestAccess lp${o.lp} ${o.write ? 'write' : 'read'} gva ${hex(o.gva << 12)}`)
    .with({ type: 'rootAccess' }, (o) => `rootAccess ${o.write ? 'write' : 'read'} gpa ${hex(o.gpa)}`)
    .with({ type: 'tick' }, () => 'tick')
    .with({ type: 'submitIo' }, (o) => `submitIo lp${o.lp} buffer gpa ${hex(o.gpa)}`)
    .with({ type: 'vspTakeRequest' }, (o) => `vspTakeRequest ${o.pid}`)
    .with({ type: 'vspEndRead' }, (o) => `vspEndRead ${o.pid}`)
    .with({ type: 'deviceComplete' }, (o) => `deviceComplete ${o.pid} io${o.io}`)
    .with({ type: 'rootIsr' }, (o) => `rootIsr ${o.pid} io${o.io}`)
    .with({ type: 'vspSignal' }, (o) => `vspSignal ${o.pid} io${o.io}`)
    .with({ type: 'vspPostMessage' }, (o) => `vspPostMessage ${o.pid}`)
    .with({ type: 'guestHandle' }, (o) => `guestHandle lp${o.lp}`)
    .with({ type: 'eom' }, (o) => `eom lp${o.lp}`)
    .with({ type: 'maskSint' }, (o) => `maskSint lp${o.lp} sint${o.sint}`)
    .with({ type: 'unmaskSint' }, (o) => `unmaskSint lp${o.lp} sint${o.sint}`)
    .with({ type: 'installIntercept' }, (o) =>
      o.mask === 0 ? `installIntercept by ${o.caller}: remove ${o.pid} ${o.kind} ${hex(o.target)}` : `installIntercept by ${o.caller}: ${o.pid} ${o.kind} ${hex(o.target)} mask ${mask(o.mask)}`,
    )
    .with({ type: 'guestExecute' }, (o) => `guest on lp${o.lp} executes ${describeInstruction(toInstruction(o))}`)
    .with({ type: 'pauseVm' }, (o) => `root VM worker pauses ${o.pid}`)
    .with({ type: 'resumeVm' }, (o) => `root VM worker resumes ${o.pid}`)
    .with({ type: 'workerTake' }, () => 'root VM worker takes the next intercept message')
    .with({ type: 'workerReply' }, () => 'root VM worker replies to the message in hand')
    .with({ type: 'childHypercall' }, (o) => `${o.caller} calls ${o.call} on ${o.pid}`)
    .with({ type: 'dmStart' }, (o) => `dmStart ${o.pid}`)
    .with({ type: 'dmDeliver' }, (o) => `dmDeliver ${o.pid} -> ${o.to}`)
    .with({ type: 'dmSettle' }, (o) => `dmSettle ${o.pid}`)
    .with({ type: 'dmGuestWork' }, (o) => `dmGuestWork ${o.pid}`)
    .with({ type: 'dmBalloon' }, (o) => `dmBalloon ${o.pid} ${pages(o.pages)}`)
    .with({ type: 'dmUnballoon' }, (o) => `dmUnballoon ${o.pid} ${pages(o.pages)}`)
    .with({ type: 'dmHotAdd' }, (o) => `dmHotAdd ${o.pid} ${pages(o.pages)}`)
    .with({ type: 'dmBalance' }, () => 'dmBalance')
    .with({ type: 'dmCommit' }, (o) => `dmCommit ${o.pid} ${pages(o.pages)}`)
    .with({ type: 'dmDecommit' }, (o) => `dmDecommit ${o.pid} ${pages(o.pages)}`)
    .exhaustive();
}
