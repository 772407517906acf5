import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resetCoverage, saveCoverage, loadCoverage } from '../../../src/coverage/store.js';
import { emptyCoverage } from '../../../src/coverage/data.js';
import { MANIFEST, readManifest, isManifestEntry } from '../../../src/files/manifest.js';
import { WriteError } from '../../../src/files/write-error.js';

const scratch = (): string => mkdtempSync(join(tmpdir(), 'hvspec-reset-'));
const run = { ...emptyCoverage(), engines: { random: { steps: 1, skipped: 0, ops: {}, transitions: {}, states: {} } } };

describe('the manifest and --reset: only what hvspec wrote is removed', () => {
  it('lists each run file and the runs folder hvspec made; a reset removes them all, then the emptied manifest', () => {
    const dir = join(scratch(), 'cov');
    saveCoverage(dir, 'a', run);
    saveCoverage(dir, 'b', run);
    saveCoverage(dir, 'a', run);
    expect([...readManifest(dir)].sort()).toEqual(['runs/', 'runs/a.json', 'runs/b.json']);
    expect(readFileSync(join(dir, MANIFEST), 'utf8').split('\n').filter((l) => l.startsWith('runs/a'))).toHaveLength(1);
    const r = resetCoverage(dir);
    expect(r.removed.map((f) => f.slice(dir.length + 1)).sort()).toEqual(['runs/a.json', 'runs/b.json']);
    expect(r.leftAlone).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a runs folder hvspec did not create, and the files in it hvspec did not write, are left alone (and named)', () => {
    const dir = scratch();
    mkdirSync(join(dir, 'runs'));
    writeFileSync(join(dir, 'runs', 'mine.json'), '{"user":1}');
    writeFileSync(join(dir, 'runs', 'notes.txt'), 'keep');
    saveCoverage(dir, 'check-1', run);
    expect([...readManifest(dir)]).toEqual(['runs/check-1.json']);
    const r = resetCoverage(dir);
    expect(r.removed).toEqual([join(dir, 'runs', 'check-1.json')]);
    expect(r.leftAlone).toEqual([join(dir, 'runs', 'mine.json')]);
    expect(readdirSync(join(dir, 'runs')).sort()).toEqual(['mine.json', 'notes.txt']);
  });

  it('a manifest edited to list paths out of the folder, or links, removes nothing it should not', () => {
    const base = scratch();
    const dir = join(base, 'cov');
    writeFileSync(join(base, 'victim.json'), 'precious');
    saveCoverage(dir, 'a', run);
    symlinkSync(join(base, 'victim.json'), join(dir, 'runs', 'link.json'));
    writeFileSync(join(dir, MANIFEST), ['runs/', 'runs/a.json', '../victim.json', '/etc/passwd', 'runs/../../victim.json', 'runs/link.json', 'runs/./x.json', ''].join('\n'));
    const r = resetCoverage(dir);
    expect(r.removed).toEqual([join(dir, 'runs', 'a.json')]);
    expect(readFileSync(join(base, 'victim.json'), 'utf8')).toBe('precious');
    expect(existsSync(join(dir, 'runs', 'link.json'))).toBe(true);
    for (const bad of ['../victim.json', '/etc/passwd', 'runs/../../victim.json', 'runs/./x.json', '', 'runs//x.json']) expect(isManifestEntry(bad), bad).toBe(false);
  });

  it('a runs folder swapped for a link out of the folder is refused: one WriteError, nothing removed there', () => {
    const base = scratch();
    const dir = join(base, 'cov');
    const outside = join(base, 'outside');
    saveCoverage(dir, 'a', run);
    mkdirSync(outside);
    writeFileSync(join(outside, 'a.json'), 'precious');
    const real = join(base, 'moved-runs');
    // Replace cov/runs by a link to a folder outside that has a file of the listed name.
    renameSync(join(dir, 'runs'), real);
    symlinkSync(outside, join(dir, 'runs'));
    expect(() => resetCoverage(dir)).toThrow(WriteError);
    expect(() => resetCoverage(dir)).toThrow(/runs is a symbolic link to .*outside.*; refused$/);
    expect(readFileSync(join(outside, 'a.json'), 'utf8')).toBe('precious');
  });

  it('coverage reads only regular files: a FIFO among the runs is left out, not waited on', () => {
    const dir = scratch();
    saveCoverage(dir, 'a', run);
    execFileSync('mkfifo', [join(dir, 'runs', 'fifo.json')]);
    const left: string[] = [];
    expect(loadCoverage(dir, (f, why) => left.push(`${f.slice(dir.length + 1)}: ${why}`)).engines.random!.steps).toBe(1);
    expect(left).toEqual(['runs/fifo.json: not a regular file']);
  });
});
