import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Faults live in `faults.ts` files only: the machines, the substrate and
 * the system carry no defect flag, no fault-only state (the old ring parity
 * bit) and none of the old quirk options. A flag or option reintroduced
 * under one of these names fails here.
 */
const ROOT = join(__dirname, '..', '..', '..');

/** The old defect flags of the World, the substrate's quirk options, and the ring's fault-only field. */
const FORBIDDEN = [
  'quirk',
  'skipNextSignal',
  'unmapKeepsSlatEntry',
  'unmapForgetsFreeList',
  'unmapSkipsTlbFlush',
  'mapSkipsScrub',
  'mapSkipsHolderUpdate',
  'depositKeepsRootMapping',
  'withdrawSkipsScrub',
  'deleteKeepsMemory',
  'interceptSuspendsPartition',
  'childMayMapGpaPages',
  'dmReleaseKeepsSlatEntry',
  'dmReleaseSkipsTlbFlush',
  'dmMapSkipsScrub',
  'dmReclaimOnRequest',
  'dmPressureCountsAvailable',
  'ringAcceptsFullWrite',
  'ringSignalsEverySecondWrite',
  'ringReadIgnoresPadding',
  'synicForgetsMessagePending',
  'synicOverwritesFullSlot',
  'synicPostOvertakesQueue',
  'unmapIgnoresDmaPins',
  'dispatchSkipsDeferredDelivery',
  'keepRootMapping',
  'skipScrub',
  'skipHolderUpdate',
  'keepSlatEntry',
  'forgetFreeList',
  'skipTlbFlush',
  'acceptFullWrite',
  'signalEverySecondWrite',
  'readIgnoresPadding',
  'forgetMessagePending',
  'overwriteFullSlot',
  'overtakeQueue',
];

/** The forbidden words `text` contains (case-insensitive). */
const offending = (text: string): string[] => FORBIDDEN.filter((w) => text.toLowerCase().includes(w.toLowerCase()));

/** Every `.ts` file under `dir`, recursively. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Production files: the models (but their faults files), the substrate and the system. */
const production = (): string[] => [
  ...tsFiles(join(ROOT, 'models')).filter((p) => !p.endsWith('/faults.ts')),
  ...tsFiles(join(ROOT, 'src', 'substrate')),
  ...tsFiles(join(ROOT, 'src', 'system')),
];

describe('no defect flags in production code', () => {
  it('the scan sees the machines, the substrate and the system', () => {
    const files = production().map((p) => relative(ROOT, p));
    expect(files).toContain('models/partition/machine.ts');
    expect(files).toContain('src/substrate/vmbus-ring.ts');
    expect(files).toContain('src/system/step.ts');
    expect(files.some((p) => p.endsWith('faults.ts'))).toBe(false);
  });

  it('the scan finds a flag where there is one', () => {
    expect(offending('if (st.sys.world.Quirks.unmapIgnoresDmaPins) return;')).toEqual(['quirk', 'unmapIgnoresDmaPins']);
    expect(offending('const next = { ...r, skipNextSignal: !skip };')).toEqual(['skipNextSignal']);
    expect(offending('release(s, pid, gpas, { keepSlatEntry: true })')).toEqual(['keepSlatEntry']);
  });

  it('no production file names a defect flag, a quirk option or the ring parity bit', () => {
    const found = production()
      .map((p) => ({ file: relative(ROOT, p), words: offending(readFileSync(p, 'utf8')) }))
      .filter((x) => x.words.length > 0);
    expect(found).toEqual([]);
  });

  it('the catalogue only assembles: it defines no fault of its own', () => {
    const text = readFileSync(join(ROOT, 'src', 'faults', 'catalogue.ts'), 'utf8');
    expect(text).not.toMatch(/defineFault|name: '|quirks|provide\(/);
  });
});
