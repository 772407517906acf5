import { describe, expect, it } from 'vitest';
import { checkScenario, scenarioByName, formatScenarioResult } from '../../../src/scenarios/index.js';
import { CoverageCollector } from '../../../src/coverage/collector.js';

/** Runs a scenario while recording, and returns the result with the transitions it took (`machine branch`). */
function run(name: string) {
  const sc = scenarioByName(name)!;
  const c = new CoverageCollector();
  const r = checkScenario(sc, undefined, [c.observer('scenario')]);
  const taken = Object.entries(c.data().engines.scenario!.transitions).flatMap(([m, t]) => Object.keys(t).map((k) => `${m} ${k}`));
  return { r, taken };
}

describe('the dm-timers scenario', () => {
  it('holds, with its figures, and takes the paths only the timers open', () => {
    const { r, taken } = run('dm-timers');
    expect(r.kind, formatScenarioResult(r).join('\n')).toBe('holds');
    expect(taken).toEqual(
      expect.arrayContaining([
        'dmGuest INITIALIZING.version:VERSION_RESPONSE:2',
        'dmGuest INITIALIZING.capabilities:TICK:0',
        // The driver takes requests and work completions in every state (balloon_onchannelcallback): one handler each.
        'dmGuest *:BALLOON_ALLOCATED:1',
        'dmGuest *:TICK:0',
        'dmGuest *:UNBALLOON_REQUEST:1',
        'dmGuest *:UNBALLOON_REQUEST:0',
        // A hot-add onlined after two ticks is still answered with its pages (hv_mem_hot_add).
        'dmGuest *:HOT_ADD_ONLINED:0',
        // A driver that fails to initialise closes its channel.
        'dmHost *:CHANNEL_CLOSED:0',
        'dmGuest INITIALIZING.capabilities:CAPABILITIES_RESPONSE:1',
        'dmHost waitingCapabilities:CAPABILITIES_REPORT:0',
        'dmHost waitingCapabilities:CAPABILITIES_REPORT:1',
        'dmHost *:START_BALLOON:0',
        'dmHost ready.balloonWaitReply:TICK:0',
        // A balloon response that comes after the VSP gave the transaction up is accounted: one with more pages to come, then its last.
        'dmHost ready:BALLOON_RESPONSE:1',
        'dmHost ready:BALLOON_RESPONSE:2',
        'dmHost ready.unballoonWaitReply:TICK:0',
      ]),
    );
  });
});

describe('the synthetic-io scenario', () => {
  it('holds, with its figures, and takes two I/Os through the whole path', () => {
    const { r, taken } = run('synthetic-io');
    expect(r.kind, formatScenarioResult(r).join('\n')).toBe('holds');
    if (r.kind === 'holds') expect(r.figures.end).toEqual({ iosCompleted: 2, rootIsrs: 2, ringSignals: 2, deferredInterrupts: 2, virtualInterrupts: 2 });
    expect(taken).toEqual(
      expect.arrayContaining([
        'io completing:COMPLETION_READ:0',
        'ringReader draining:END_READ:0',
        'ringReader draining:READ:0',
        'interrupt idle:RAISE:1',
        'interrupt deferring:RAISE:1',
        'interrupt deferring:VP_DISPATCHED:0',
      ]),
    );
  });
});
