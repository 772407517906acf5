import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertWritable, specialFileSystem } from '../../../src/files/inside.js';
import { writeFileAtomic } from '../../../src/files/atomic-write.js';
import { nodeFs } from '../../../src/files/fs-seam.js';

const scratch = (): string => mkdtempSync(join(tmpdir(), 'hvspec-inside-'));

/** An output folder and, beside it, a folder outside it holding a file that must never change. */
function setup() {
  const base = scratch();
  const out = join(base, 'out');
  const outside = join(base, 'outside');
  mkdirSync(out);
  mkdirSync(outside);
  writeFileSync(join(outside, 'victim'), 'precious');
  return { out, outside, victim: join(outside, 'victim') };
}

describe('writes never follow a symbolic link out of their folder', () => {
  it('a target that is a link to a file outside is refused, and that file is untouched', () => {
    const { out, victim } = setup();
    symlinkSync(victim, join(out, 'index.html'));
    expect(() => writeFileAtomic(join(out, 'index.html'), 'report', { root: out })).toThrow(
      `cannot write ${join(out, 'index.html')}: ${join(out, 'index.html')} is a symbolic link to ${victim}, outside ${out}; refused`,
    );
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(join(out, 'index.html')).isSymbolicLink()).toBe(true);
  });

  it('a path that passes through a link to a folder outside is refused, and nothing is written there', () => {
    const { out, outside } = setup();
    symlinkSync(outside, join(out, 'runs'));
    expect(() => writeFileAtomic(join(out, 'runs', 'a.json'), '{}', { root: out })).toThrow(/is a symbolic link to .*outside.*; refused$/);
    expect(readdirSync(outside)).toEqual(['victim']);
  });

  it('a link that leads nowhere is refused', () => {
    const { out } = setup();
    symlinkSync('/nonexistent/hvspec', join(out, 'coverage.md'));
    expect(() => writeFileAtomic(join(out, 'coverage.md'), 'x', { root: out })).toThrow(/symbolic link that leads nowhere; refused$/);
  });

  it('a link that stays inside the folder is allowed (the rename replaces the link, it writes through nothing)', () => {
    const { out } = setup();
    mkdirSync(join(out, 'real'));
    symlinkSync(join(out, 'real'), join(out, 'runs'));
    writeFileAtomic(join(out, 'runs', 'a.json'), '{}', { root: out });
    expect(readFileSync(join(out, 'real', 'a.json'), 'utf8')).toBe('{}');
  });

  it('the folder itself may be a link (named by the user); below it, nothing leads out', () => {
    const { out, outside } = setup();
    const link = join(out, 'elsewhere');
    symlinkSync(outside, link);
    writeFileAtomic(join(link, 'index.html'), 'ok', { root: link });
    expect(readFileSync(join(outside, 'index.html'), 'utf8')).toBe('ok');
  });

  it('a target that exists and is not a regular file (a folder, a FIFO) is refused', () => {
    const { out } = setup();
    mkdirSync(join(out, 'index.html'));
    expect(() => writeFileAtomic(join(out, 'index.html'), 'x', { root: out })).toThrow(/it exists and is not a regular file; refused$/);
    if (process.platform !== 'win32') {
      execFileSync('mkfifo', [join(out, 'coverage.json')]);
      expect(() => writeFileAtomic(join(out, 'coverage.json'), 'x', { root: out })).toThrow(/not a regular file; refused$/);
    }
  });

  it('a file outside its root is a refusal, not a write', () => {
    const { out, outside } = setup();
    expect(() => assertWritable(out, join(outside, 'x'), nodeFs)).toThrow(/is not inside/);
  });
});

describe.skipIf(process.platform !== 'linux' || !existsSync('/proc/self'))('special file systems', () => {
  it('/proc and /sys are named as such, at once; an ordinary folder is not', () => {
    expect(specialFileSystem('/proc/self', nodeFs)).toBe('proc');
    expect(specialFileSystem('/proc/self/no/such/folder', nodeFs)).toBe('proc');
    if (existsSync('/sys/kernel')) expect(specialFileSystem('/sys/kernel', nodeFs)).toBe('sysfs');
    expect(specialFileSystem(scratch(), nodeFs)).toBeUndefined();
  });

  it('a write under /proc is refused before any file is opened', () => {
    expect(() => writeFileAtomic('/proc/self/hvspec/index.html', 'x', { root: '/proc/self' })).toThrow(/is on proc, a special file system; refused$/);
  });
});

describe('the refusal is one printable line', () => {
  it('a link whose target holds a newline and terminal escapes is named with them escaped', () => {
    const { out } = setup();
    const evil = join(out, '..', 'outside', 'x\n\u001b[31mred');
    mkdirSync(evil);
    symlinkSync(evil, join(out, 'runs'));
    let message = '';
    try {
      writeFileAtomic(join(out, 'runs', 'a.json'), '{}', { root: out });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/x\\u000a\\u001b\[31mred, outside .*; refused$/);
    expect(message).not.toMatch(/[\u0000-\u001f]/);
  });
});
