/**
 * Why a declared transition is not reached by the engines, when that is
 * known: `by-design` when no valid sequence of ops can take it (the model
 * keeps it to follow the specification), `gap` when the op vocabulary
 * cannot yet ask for it. The report shows the reason next to every
 * unvisited transition it matches; a transition that is reached is simply
 * reported as reached, whatever this list says.
 */

/** A known reason for transitions of one machine not to be reached. */
export interface KnownUnreached {
  readonly machine: string;
  readonly event: string;
  /** Only transitions declared on this state (any state when absent). */
  readonly source?: string;
  /** Only the branch with this guard (any branch when absent). */
  readonly guard?: string;
  /** Only the branch at this index among the state's candidates for the event (for an unguarded branch after guarded ones). */
  readonly index?: number;
  readonly kind: 'by-design' | 'gap';
  readonly reason: string;
}

/** The known reasons, by machine. */
export const KNOWN_UNREACHED: readonly KnownUnreached[] = [
  {
    machine: 'dmHost',
    event: 'CHANNEL_CLOSED',
    kind: 'gap',
    reason: "the guest driver closes the channel only after it fails to initialise (Linux balloon_probe), and no short op sequence from the paths' hosts reaches that failure while the VSP waits; the random engine and the dynamic-memory scope take it",
  },
  {
    machine: 'dmHost',
    event: 'BALLOON_RESPONSE',
    source: 'ready.balloonWaitReply',
    guard: 'balloonResponseMalformed',
    kind: 'gap',
    reason:
      "a malformed balloon response comes from a hostile guest (none on the paths' hosts) or from an honest guest's late answer, larger than a newer request, which no short op sequence reaches; the hostile-guest scope and the random engine on src/system/hostile-host-config.ts take it",
  },
  {
    machine: 'dmHost',
    event: 'BALLOON_RESPONSE',
    source: 'ready',
    guard: 'balloonResponseMalformed',
    kind: 'gap',
    reason:
      "a malformed balloon response after the VSP gave a balloon wait up comes only from a hostile guest (none on the paths' hosts); the hostile-guest scenario and scope, and the random engine on src/system/hostile-host-config.ts, take it",
  },
  {
    machine: 'interrupt',
    event: 'RAISE',
    source: 'deferring',
    guard: 'ownVpRunning',
    kind: 'by-design',
    reason: "the machine defers only while no VP of its partition is dispatched, and the dispatch that changes that delivers the deferred list at once and returns it to idle; only the dispatch-skips-deferred-delivery fault leaves it deferring while a VP runs",
  },
  {
    machine: 'partition',
    event: 'FinalizePartition',
    guard: 'hasChildren',
    kind: 'by-design',
    reason: 'child partitions never create partitions of their own in this model, so FinalizePartition is always sent with hasChildren false',
  },
  ...(['ready', 'waiting', 'suspended'] as const).map(
    (source): KnownUnreached => ({
      machine: 'vp',
      event: 'INTERCEPT_SUSPEND',
      source,
      kind: 'by-design',
      reason:
        'the hypervisor sets intercept-suspend only on the running VP whose instruction it intercepts (reference §5), and the reference gives the root no call that sets it; only the intercept-suspends-whole-partition fault sets it on a VP that is not running',
    }),
  ),
];

/** The known reason for `t` of `machine` not being reached, if any. */
export function knownReason(
  list: readonly KnownUnreached[],
  machine: string,
  t: { readonly source: string; readonly event: string; readonly guard?: string; readonly index?: number },
): KnownUnreached | undefined {
  return list.find(
    (k) =>
      k.machine === machine &&
      k.event === t.event &&
      (k.source === undefined || k.source === t.source) &&
      (k.guard === undefined || k.guard === t.guard) &&
      (k.index === undefined || k.index === t.index),
  );
}
