import { describe, it, expect } from 'vitest';
import { explore } from '../../../src/check/explore.js';
import { scopeByName, EXPLORE_SCOPES } from '../../../src/check/explore-config.js';
import { scopeOptions } from '../../../src/check/scopes.js';
import { FAULTS } from '../../../src/faults/catalogue.js';
import { buildWorld } from '../../../src/faults/build-world.js';
import { runTrace } from '../../../src/check/run.js';
import { interchangeableClasses } from '../../../src/check/symmetry.js';
import { INVARIANTS } from '../../../properties/index.js';

/** Per fault: a default scope that shows it, the property broken first there, and the shortest counterexample's length. */
const SHORTEST: Record<string, [string, string, number]> = {
  'unmap-keeps-slat-entry': ['memory', 'no-frame-owned-twice', 5],
  'unmap-forgets-free-list': ['memory', 'frames-conserved', 5],
  'map-skips-holder-update': ['memory', 'no-frame-owned-twice', 4],
  'deposit-keeps-root-mapping': ['memory', 'no-frame-owned-twice', 2],
  'skip-tlb-purge-on-vm-switch': ['memory', 'tlb-purged-on-vm-switch', 11],
  'unmap-skips-tlb-flush': ['memory', 'tlb-agrees-with-slat', 7],
  'map-skips-scrub': ['memory', 'no-cross-partition-data-leak', 4],
  'withdraw-skips-scrub': ['tlb', 'no-cross-partition-data-leak', 4],
  'withdraw-maps-reserved-frames': ['tlb', 'no-frame-owned-twice', 4],
  'tlb-hit-ignores-access-rights': ['tlb', 'cached-translation-enforces-slat-access', 7],
  'tlb-fill-overflows-capacity': ['tlb', 'tlb-never-exceeds-capacity', 8],
  'delete-ignores-pool': ['memory', 'deleted-partition-holds-nothing', 3],
  'finalize-keeps-gpa-mappings': ['memory', 'finalized-partition-holds-no-gpa-mapping', 5],
  'hypervisor-resumes-before-root-reply': ['intercepts-cpuid', 'intercepted-instruction-completes-only-after-root-reply', 7],
  'worker-replies-twice': ['intercepts-cpuid', 'every-intercept-answered-once', 7],
  'worker-drops-message-when-queue-full': ['intercepts-two-vps', 'every-intercept-answered-once', 8],
  'intercept-suspends-whole-partition': ['intercepts-two-vps', 'intercept-suspends-only-its-vp', 6],
  'child-may-map-gpa-pages': ['hypercall-gate', 'child-cannot-call-parent-only-hypercalls', 4],
  'child-may-create-partition': ['hypercall-gate', 'child-cannot-call-parent-only-hypercalls', 4],
  'child-may-initialize-partition': ['hypercall-gate', 'child-cannot-call-parent-only-hypercalls', 4],
  'child-may-finalize-partition': ['hypercall-gate', 'child-cannot-call-parent-only-hypercalls', 4],
  'child-may-delete-partition': ['hypercall-gate', 'child-cannot-call-parent-only-hypercalls', 4],
  'child-may-deposit-memory': ['hypercall-gate', 'child-cannot-call-parent-only-hypercalls', 4],
  'child-may-withdraw-memory': ['hypercall-gate', 'child-cannot-call-parent-only-hypercalls', 4],
  'child-may-unmap-gpa-pages': ['hypercall-gate', 'child-cannot-call-parent-only-hypercalls', 4],
  'child-may-create-vp': ['hypercall-gate', 'child-cannot-call-parent-only-hypercalls', 4],
  'child-may-install-intercept': ['intercepts-cpuid', 'child-cannot-call-parent-only-hypercalls', 4],
  'intercept-resume-ignores-explicit-suspend': ['intercepts-cpuid', 'suspended-vp-never-runs', 9],
  'reply-skips-register-write': ['intercepts-cpuid', 'register-state-consistent-after-intercept', 8],
  'finalize-skips-vp-teardown': ['memory', 'finalized-partition-has-no-live-vp', 4],
  'balloon-release-keeps-slat-entry': ['dynamic-memory', 'no-frame-owned-twice', 6],
  'guest-ignores-balloon-floor': ['dynamic-memory', 'guest-never-balloons-below-floor', 9],
  'host-overlaps-transactions': ['dynamic-memory', 'one-dm-transaction-at-a-time', 4],
  'guest-answers-every-unballoon-request': ['dynamic-memory', 'unballoon-answered-exactly-once', 8],
  'host-trusts-stale-replies': ['dynamic-memory', 'host-ignores-out-of-state-messages', 9],
  'host-reclaims-without-response': ['dynamic-memory', 'hypervisor-never-reclaims-without-guest-consent', 3],
  'pressure-counts-available': ['dynamic-memory', 'pressure-formula-holds', 4],
  'balancer-ignores-maximum': ['dynamic-memory', 'visible-memory-within-min-max', 5],
  'dm-maps-back-without-zeroing': ['dynamic-memory', 'no-cross-partition-data-leak', 3],
  'driver-drops-request-when-busy': ['dynamic-memory', 'dm-host-request-answered-or-given-up', 9],
  'operator-balloon-ignores-ballooned': ['dynamic-memory', 'operator-balloon-request-keeps-minimum', 7],
  'host-drops-late-balloon-response': ['dynamic-memory', 'host-accounts-every-ballooned-page', 7],
  'host-ends-partial-balloon': ['dynamic-memory', 'host-balloons-until-target-or-floor', 10],
  'balloon-release-skips-tlb-flush': ['dynamic-memory-access', 'tlb-agrees-with-slat', 8],
  'guest-forgets-to-pin': ['dynamic-memory-access', 'balloon-pages-never-accessed', 7],
  'ring-accepts-full-write': ['vmbus', 'ring-never-overflows', 7],
  'ring-read-ignores-padding': ['vmbus', 'ring-empty-iff-indices-equal', 7],
  'signal-every-second-write': ['vmbus', 'no-missed-ring-signal', 6],
  'end-read-skips-recheck': ['vmbus', 'no-missed-ring-signal', 9],
  'unmap-ignores-dma-pin': ['vmbus', 'io-buffers-stay-mapped-until-completion', 7],
  'drop-interrupt-while-no-vp-runs': ['synic', 'no-interrupt-lost', 5],
  'deliver-to-last-run-vp': ['synic', 'interrupt-delivered-only-to-running-vp-of-its-partition', 6],
  'redeliver-deferred-interrupts': ['synic', 'deferred-only-while-no-vp-dispatched', 5],
  'dispatch-skips-deferred-delivery': ['synic', 'deferred-only-while-no-vp-dispatched', 5],
  'forget-message-pending': ['synic', 'synic-slot-holds-one-message', 6],
  'post-overwrites-full-slot': ['synic', 'synic-slot-holds-one-message', 6],
  'post-overtakes-queued-message': ['synic', 'synic-messages-arrive-in-order', 8],
  'eoi-skips-rescan': ['synic', 'synic-queue-waits-only-behind-full-slot', 8],
  'unmask-raises-held-interrupt': ['synic', 'synic-interrupt-only-on-delivery', 7],
  'ring-signals-every-write': ['vmbus', 'ring-writer-signals-only-when-ring-becomes-non-empty', 8],
  'reader-signals-every-read': ['vmbus', 'reader-wakes-waiting-writer-once-per-crossing', 7],
  'worker-simulates-from-reset-registers': ['intercepts-cpuid', 'root-simulates-intercepted-instruction-with-its-own-registers', 9],
  'recycle-tag-without-flush': ['tagged-tlb', 'tlb-tag-holds-only-its-vms-entries', 11],
  'shootdown-skips-idle-lp': ['tagged-tlb', 'tlb-agrees-with-slat', 11],
  'flush-by-tag-local-only': ['tagged-tlb', 'tlb-agrees-with-slat', 7],
  'ring-reader-trusts-write-index': ['hostile-guest', 'ring-reader-stays-in-data-area', 5],
  'host-trusts-balloon-response-ranges': ['hostile-guest', 'host-reclaims-only-requested-held-pages', 4],
  'unsolicited-unballoon-maps-back': ['hostile-guest', 'host-maps-back-only-what-it-offers', 7],
  'swap-out-leaves-page-mapped': ['hypervisor-swap', 'swapped-page-is-never-accessed-in-place', 2],
  'swap-in-skips-swap-file': ['hypervisor-swap', 'swapped-page-contents-come-back-unchanged', 4],
  'swap-in-leaves-frame-on-free-list': ['hypervisor-swap', 'no-frame-owned-twice', 3],
  'balloon-reclaim-keeps-swap-slot': ['hypervisor-swap', 'swapped-page-is-never-in-a-balloon', 7],
};

describe('the explorer finds every catalogued fault in a default scope, with a shortest counterexample', () => {
  it('every fault has a pinned expectation, in the one scope that lists it', () => {
    expect(Object.keys(SHORTEST).sort()).toEqual(FAULTS.map((f) => f.name).sort());
    const listed = EXPLORE_SCOPES.flatMap((sc) => sc.faults.map((f) => [f, sc.name]));
    expect(Object.fromEntries(listed)).toEqual(Object.fromEntries(Object.entries(SHORTEST).map(([f, [sc]]) => [f, sc])));
    expect(listed).toHaveLength(FAULTS.length);
  });

  for (const f of FAULTS)
    it(`${f.name}: ${SHORTEST[f.name]?.join(' / ')} steps, with and without symmetry`, () => {
      const [scopeName, property, length] = SHORTEST[f.name]!;
      const scope = scopeByName(scopeName)!;
      const world = buildWorld(scope.config, [f.name]);
      const sym = explore(world, { ...scopeOptions(scope), goals: [] });
      // Without interchangeable children symmetry has nothing to rename (the canonicaliser fingerprints as without it): the search without it is the same one.
      const plain = interchangeableClasses(scope.config).length > 0 ? explore(world, { ...scopeOptions(scope), goals: [], symmetry: false }) : sym;
      for (const r of [sym, plain]) {
        expect(r.kind).toBe('violated');
        if (r.kind !== 'violated') return;
        // The first property broken is reported; at least one of those broken at that step is one the fault claims.
        const broken = [r.counterexample.property, ...r.counterexample.alsoViolated];
        expect(broken.filter((p) => f.breaks.includes(p)).length, broken.join(', ')).toBeGreaterThan(0);
        expect([r.counterexample.property, r.counterexample.ops.length]).toEqual([property, length]);
        expect(r.counterexample.faults).toEqual([f.name]);
      }
      // Symmetry reaches the same violation in no more states.
      expect(sym.states).toBeLessThanOrEqual(plain.states);
      // Every invariant the fault claims to break is found in this scope: at that step, or alone when another one breaks first.
      if (sym.kind === 'violated') {
        const atThatStep = [sym.counterexample.property, ...sym.counterexample.alsoViolated];
        for (const claim of f.breaks.filter((p) => INVARIANTS.some((i) => i.name === p) && !atThatStep.includes(p))) {
          const alone = explore(world, { ...scopeOptions(scope), invariants: INVARIANTS.filter((i) => i.name === claim), liveness: [], goals: [], maxStates: 100_000 });
          expect(alone.kind === 'violated' ? alone.counterexample.property : alone.kind, `${f.name} claims ${claim}`).toBe(claim);
        }
      }
      // An invariant violation replays to the same property at the same step.
      if (INVARIANTS.some((i) => i.name === property) && sym.kind === 'violated') {
        const replay = runTrace(world, sym.counterexample.ops, INVARIANTS);
        expect(replay.violation?.property).toBe(property);
        expect(replay.violation?.step).toBe(length);
      }
    });
});
