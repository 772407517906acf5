import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeTrace, type TraceFile } from '../../../src/check/trace-file.js';
import { QUARANTINE_LEDGER, quarantinedNames } from '../../../src/check/quarantine-ledger.js';
import { savedFailures, SAVED_FAILURE_MAX_BYTES, type SetAside } from '../../../src/check/failures.js';
import { setAsideLine } from '../../../src/cli/set-aside.js';
import { FAULTS } from '../../../src/faults/catalogue.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import { PROPERTIES } from '../../../properties/index.js';

const FAULT = 'skip-tlb-purge-on-vm-switch';
const good: TraceFile = { format: 'hvspec-trace', version: 1, engine: 'random', property: PROPERTIES[0]!.name, message: 'm', config: DEFAULT_CONFIG, faults: [FAULT], seed: 1, ops: [{ type: 'tick' }] };
const withField = (k: string, v: unknown): string => JSON.stringify({ ...JSON.parse(encodeTrace(good)), [k]: v });
const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n);

/** Saved failures that are not usable traces: poisoned, cut short, of the wrong shape, beyond their config, huge, not files at all. */
function poison(dir: string): string[] {
  const files: Record<string, string> = {
    'a-not-json.json': '{"format":"hvspec-trace",',
    'b-array.json': '[1,2,3]',
    'c-proto.json': '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
    'd-unknown-op.json': withField('ops', [{ type: 'launchMissiles' }]),
    'e-beyond-config.json': withField('ops', [{ type: 'createPartition', pid: 'p9' }, { type: 'dispatchVp', lp: 7, pid: 'p1', vp: 0 }]),
    'f-deep.json': withField('config', { ...DEFAULT_CONFIG, frames: 'DEEP' }).replace('"DEEP"', deep(200_000)),
    'g-escapes.json': withField('faults', ['\u001b[2J\u001b[31mgotcha\nsecond line\u0000']),
    'h-huge.json': ' '.repeat(SAVED_FAILURE_MAX_BYTES + 1) + encodeTrace(good),
  };
  for (const [n, text] of Object.entries(files)) writeFileSync(join(dir, n), text);
  mkdirSync(join(dir, 'i-folder.json'));
  execFileSync('mkfifo', [join(dir, 'j-fifo.json')]);
  return [...Object.keys(files), 'i-folder.json', 'j-fifo.json'].sort();
}

describe('saved failures are data: an unusable one is set aside, never replayed, never fatal', () => {
  it('moves each poisoned file to quarantine with one reason, still returns the good one, and a later read sees only that', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvspec-quarantine-'));
    writeFileSync(join(dir, 'good.json'), encodeTrace(good));
    writeFileSync(join(dir, 'notes.txt'), 'not a trace, not ours');
    const bad = poison(dir);
    const seen: SetAside[] = [];
    const got = savedFailures(DEFAULT_CONFIG, [FAULT], FAULTS, { dir, onSetAside: (s) => seen.push(s) });
    expect(got.map((g) => g.file)).toEqual([join(dir, 'good.json')]);
    expect(seen.map((s) => s.file)).toEqual(bad.map((n) => join(dir, n)));
    for (const s of seen) expect(s.movedTo, s.file).toBe(join(dir, 'quarantine', s.file.slice(dir.length + 1)));
    const why = Object.fromEntries(seen.map((s) => [s.file.slice(dir.length + 1), s.why]));
    expect(why['a-not-json.json']).toMatch(/^not JSON/);
    expect(why['d-unknown-op.json']).toMatch(/^op 1: /);
    expect(why['e-beyond-config.json']).toMatch(/^op 1: /);
    expect(why['h-huge.json']).toBe(`larger than ${SAVED_FAILURE_MAX_BYTES} bytes`);
    expect(why['i-folder.json']).toMatch(/EISDIR|not a regular file/);
    expect(why['j-fifo.json']).toBe('not a regular file');
    expect(readdirSync(dir).sort()).toEqual(['good.json', 'notes.txt', 'quarantine']);
    // The ledger records each file hvspec moved there (what `hvspec failures clear` may remove).
    expect(readdirSync(join(dir, 'quarantine')).sort()).toEqual([QUARANTINE_LEDGER, ...bad].sort());
    expect(quarantinedNames(join(dir, 'quarantine'))).toEqual([...bad].sort());
    // Every warning is one printable line, whatever the file held.
    for (const s of seen) expect(setAsideLine(s)).toMatch(/^hvspec: warning: .+ is not a usable saved failure \(.+\); moved to .+quarantine.+$/);
    for (const s of seen) expect(setAsideLine(s)).not.toMatch(/[\u0000-\u001f\u007f]/);
    // Later reads are unaffected.
    const again: SetAside[] = [];
    expect(savedFailures(DEFAULT_CONFIG, [FAULT], FAULTS, { dir, onSetAside: (s) => again.push(s) })).toEqual(got);
    expect(again).toEqual([]);
  });

  it('a second poisoned file of a name already in quarantine keeps both', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvspec-quarantine-'));
    for (let i = 0; i < 2; i++) {
      writeFileSync(join(dir, 'x.json'), `{ broken ${i}`);
      savedFailures(DEFAULT_CONFIG, [], FAULTS, { dir });
    }
    const q = readdirSync(join(dir, 'quarantine'))
      .filter((n) => n !== QUARANTINE_LEDGER)
      .sort();
    expect(q).toHaveLength(2);
    expect(quarantinedNames(join(dir, 'quarantine'))).toEqual(q);
    expect(q[0]).toBe('x.json');
    expect(q[1]).toMatch(/^x\.json\.\d+\.[0-9a-f]{8}$/);
  });

  it('when the file cannot be moved aside it is skipped and reported, still without a throw', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvspec-quarantine-'));
    writeFileSync(join(dir, 'x.json'), '{');
    writeFileSync(join(dir, 'quarantine'), 'a file where the folder would go');
    const seen: SetAside[] = [];
    expect(savedFailures(DEFAULT_CONFIG, [], FAULTS, { dir, onSetAside: (s) => seen.push(s) })).toEqual([]);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.movedTo).toBeUndefined();
    expect(seen[0]!.moveError).toMatch(/not a directory \(ENOTDIR\)|EEXIST/);
    expect(setAsideLine(seen[0]!)).toMatch(/; skipped \(/);
    expect(existsSync(join(dir, 'x.json'))).toBe(true);
  });
});
