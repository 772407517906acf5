/**
 * The scheduler's and the virtual processors' op records (reference §3,
 * §4): dispatching a Ready VP on a logical processor, taking it off
 * (preempted or halted), the root's explicit suspend and resume, and
 * `tick`, the passing of time (timers wake waiting VPs).
 */
import { defineOp, type OpStep } from '../../src/system/op-record.js';
import type { StepResult } from '../../src/system/step-context.js';
import { sendVp, leaveLp, dispatch } from '../../src/system/handlers/scheduler.js';
import { onVpDispatched } from '../../src/system/handlers/interrupts.js';
import { dmTick } from '../../src/system/handlers/dynamic-memory.js';
import { at } from '../../src/substrate/ids.js';
import { choiceFor, runnableVps } from '../../src/system/scheduler-input.js';
import { match } from 'ts-pattern';

/** Takes the running VP off `lp`: preempted (back to Ready) or halted (Waiting). */
function stopRunning(st: OpStep, lp: number, event: 'PREEMPT' | 'HALT'): StepResult {
  const running = st.sys.substrate.lps[lp]!.running;
  if (!running) return st.skip(`lp${lp} runs no VP`);
  sendVp(st, running.pid, running.vp, { type: event });
  leaveLp(st, lp);
  return st.done();
}

/**
 * DispatchVp: the scheduler runs a Ready VP on a logical processor. Without
 * a scheduler policy, any ready VP on any logical processor; with one
 * (`World.scheduler`), only the VP it picks for that processor. A policy
 * that throws, or picks a VP that is not runnable, dispatches nothing; the
 * step observes it (`policyThrew`).
 */
export const dispatchVp = defineOp({
  type: 'dispatchVp',
  args: (f) => ({ lp: f.lp(), pid: f.pid('childOrRoot'), vp: f.vp() }),
  weight: 4,
  reads: ['partitions', 'schedulers', 'tlbs'],
  enabled: (e, out) => {
    const policy = e.sys.world.scheduler;
    if (policy) {
      const runnable = runnableVps(e.sys, e.withVps);
      for (let lp = 0; lp < e.cfg.logicalProcessors; lp++) {
        const c = choiceFor(e.sys, policy, lp, runnable);
        // A throw is observed by the step that dispatches (the first runnable VP stands for the policy's choice).
        if (c.kind === 'vp') out.push({ type: 'dispatchVp', lp, ...c.vp });
        else if (c.kind === 'threw') out.push({ type: 'dispatchVp', lp, ...runnable[0]! });
      }
      return;
    }
    for (let lp = 0; lp < e.cfg.logicalProcessors; lp++)
      for (const pid of e.withVps) {
        const vps = at(e.sys.partitions, pid)!.vps;
        for (let i = 0; i < vps.length; i++) if (vps[i]!.value === 'ready') out.push({ type: 'dispatchVp', lp, pid, vp: i });
      }
  },
  // Without a policy: any ready VP, when there is an LP to run it.
  any: (e) => {
    if (e.sys.world.scheduler) {
      const listed: { type: 'dispatchVp'; lp: number; pid: string; vp: number }[] = [];
      dispatchVp.enabled(e, listed);
      return listed.length > 0;
    }
    if (e.cfg.logicalProcessors < 1) return false;
    for (const pid of e.withVps) {
      const vps = at(e.sys.partitions, pid)!.vps;
      for (let i = 0; i < vps.length; i++) if (vps[i]!.value === 'ready') return true;
    }
    return false;
  },
  apply: (st, o, system) => {
    const vp = at(system.partitions, o.pid)?.vps[o.vp];
    if (!vp || vp.value !== 'ready') return st.skip(`${o.pid} vp${o.vp} is not ready`);
    const policy = system.world.scheduler;
    if (policy) {
      const refused = match(choiceFor(system, policy, o.lp))
        .with({ kind: 'threw' }, (c) => {
          st.observations.push({ kind: 'policyThrew', policy: 'scheduler', message: c.message });
          st.notes.push(`scheduler: ${c.message}; nothing was dispatched on lp${o.lp}`);
          return st.done();
        })
        .with({ kind: 'none' }, () => st.skip(`the scheduler policy dispatches nothing on lp${o.lp}`))
        .with({ kind: 'vp' }, (c) => (c.vp.pid === o.pid && c.vp.vp === o.vp ? undefined : st.skip(`the scheduler policy gives lp${o.lp} to ${c.vp.pid} vp${c.vp.vp}`)))
        .exhaustive();
      if (refused) return refused;
    }
    dispatch(st, o.lp, o.pid, o.vp);
    onVpDispatched(st, o.pid, o.vp);
    return st.done();
  },
  describe: (o) => `dispatchVp ${o.pid} vp${o.vp} on lp${o.lp}`,
});

/** DescheduleVp: the running VP on a logical processor is preempted (back to Ready). */
export const descheduleVp = defineOp({
  type: 'descheduleVp',
  args: (f) => ({ lp: f.lp() }),
  weight: 1,
  reads: ['tlbs'],
  enabled: (e, out) => {
    for (let lp = 0; lp < e.s.lps.length; lp++) if (e.s.lps[lp]!.running) out.push({ type: 'descheduleVp', lp });
  },
  apply: (st, o) => stopRunning(st, o.lp, 'PREEMPT'),
  describe: (o) => `descheduleVp lp${o.lp}`,
});

/** HaltVp: the running VP on a logical processor halts (Waiting until a timer or an interrupt). */
export const haltVp = defineOp({
  type: 'haltVp',
  args: (f) => ({ lp: f.lp() }),
  weight: 1,
  reads: ['tlbs'],
  enabled: (e, out) => {
    for (let lp = 0; lp < e.s.lps.length; lp++) if (e.s.lps[lp]!.running) out.push({ type: 'haltVp', lp });
  },
  apply: (st, o) => stopRunning(st, o.lp, 'HALT'),
  describe: (o) => `haltVp lp${o.lp}`,
});

/** SuspendVp: the root sets a VP's explicit suspend (SetVpRegisters). */
export const suspendVp = defineOp({
  type: 'suspendVp',
  args: (f) => ({ pid: f.pid('childOrRoot'), vp: f.vp() }),
  weight: 1,
  reads: ['partitions'],
  enabled: (e, out) => {
    for (const pid of e.withVps) {
      const vps = at(e.sys.partitions, pid)!.vps;
      for (let i = 0; i < vps.length; i++) if (vps[i]!.value !== 'deleted' && !vps[i]!.context.explicitSuspend) out.push({ type: 'suspendVp', pid, vp: i });
    }
  },
  apply: (st, o, system) => {
    const vp = at(system.partitions, o.pid)?.vps[o.vp];
    if (!vp || vp.value === 'deleted') return st.skip(`${o.pid} vp${o.vp} does not exist`);
    if (vp.context.explicitSuspend) return st.skip(`${o.pid} vp${o.vp} is already suspended`);
    st.call('SetVpRegisters', 'SUCCESS');
    sendVp(st, o.pid, o.vp, { type: 'SUSPEND' });
    return st.done();
  },
  describe: (o) => `suspendVp ${o.pid} vp${o.vp}`,
});

/** ResumeVp: the root clears a VP's explicit suspend. */
export const resumeVp = defineOp({
  type: 'resumeVp',
  args: (f) => ({ pid: f.pid('childOrRoot'), vp: f.vp() }),
  weight: 1,
  reads: ['partitions'],
  enabled: (e, out) => {
    for (const pid of e.withVps) {
      const vps = at(e.sys.partitions, pid)!.vps;
      for (let i = 0; i < vps.length; i++) if (vps[i]!.context.explicitSuspend) out.push({ type: 'resumeVp', pid, vp: i });
    }
  },
  apply: (st, o, system) => {
    const vp = at(system.partitions, o.pid)?.vps[o.vp];
    if (!vp || !vp.context.explicitSuspend) return st.skip(`${o.pid} vp${o.vp} is not explicitly suspended`);
    st.call('SetVpRegisters', 'SUCCESS');
    sendVp(st, o.pid, o.vp, { type: 'RESUME' });
    return st.done();
  },
  describe: (o) => `resumeVp ${o.pid} vp${o.vp}`,
});

/** Tick: time passes; timers wake every waiting VP, and Dynamic Memory's timers run. */
export const tick = defineOp({
  type: 'tick',
  args: () => ({}),
  weight: 1,
  reads: [],
  enabled: (_e, out) => {
    out.push({ type: 'tick' });
  },
  apply: (st, _o, system) => {
    st.count('ticks');
    for (const [pid, rec] of Object.entries(system.partitions))
      rec.vps.forEach((vp, i) => {
        if (vp.value === 'waiting') {
          sendVp(st, pid, i, { type: 'WAKE' });
          st.notes.push(`timer wakes ${pid} vp${i}`);
        }
      });
    dmTick(st);
    return st.done();
  },
  describe: () => 'tick',
});
