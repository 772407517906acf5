import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic, temporaryName } from '../../../src/files/atomic-write.js';
import { WriteError } from '../../../src/files/write-error.js';
import { nodeFs, type FileSystem } from '../../../src/files/fs-seam.js';
import { fullDisk, readOnly, withCalls } from './failing-fs.js';

const scratch = (): string => mkdtempSync(join(tmpdir(), 'hvspec-write-'));

describe('writeFileAtomic', () => {
  it('writes the whole file, replaces an older one, and leaves no temporary file', () => {
    const dir = scratch();
    const file = join(dir, 'sub', 'index.html');
    writeFileAtomic(file, 'first');
    writeFileAtomic(file, 'second, longer');
    expect(readFileSync(file, 'utf8')).toBe('second, longer');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['index.html']);
  });

  it('names its temporary file in the same folder with the process id and a random suffix, never the same twice', () => {
    const names = new Set(Array.from({ length: 200 }, () => temporaryName(join('reports', 'coverage', 'index.html'))));
    expect(names.size).toBe(200);
    for (const n of names) expect(n).toMatch(new RegExp(`^reports/coverage/\\.index\\.html\\.${process.pid}\\.[0-9a-f]{12}\\.tmp$`));
  });

  it('two writers of one file interleaved (a second starts and finishes while the first is mid-write): both succeed, the file is whole', () => {
    const dir = scratch();
    const file = join(dir, 'index.html');
    let nested = false;
    const fs: FileSystem = withCalls({
      writeSync: ((fd: number, buf: Uint8Array, off?: number, len?: number) => {
        if (!nested) {
          nested = true;
          // The other run writes the same file from start to end, here.
          writeFileAtomic(file, 'B'.repeat(5000), { fs: nodeFs });
        }
        return nodeFs.writeSync(fd, buf, off, len);
      }) as FileSystem['writeSync'],
    });
    writeFileAtomic(file, 'A'.repeat(3000), { fs });
    expect(readFileSync(file, 'utf8')).toBe('A'.repeat(3000));
    expect(readdirSync(dir)).toEqual(['index.html']);
  });

  it('on a disk that fills mid-file: one WriteError naming the target (not the temporary file), the old file whole, no leftover .tmp', () => {
    const dir = scratch();
    const file = join(dir, 'coverage.json');
    writeFileSync(file, '{"old":true}');
    const write = () => writeFileAtomic(file, 'x'.repeat(1000), { fs: fullDisk(10) });
    expect(write).toThrow(WriteError);
    expect(write).toThrow(`cannot write ${file}: no space left on device (ENOSPC)`);
    expect(readFileSync(file, 'utf8')).toBe('{"old":true}');
    expect(readdirSync(dir)).toEqual(['coverage.json']);
  });

  it('in a read-only folder: one WriteError (EROFS), nothing created', () => {
    const dir = scratch();
    expect(() => writeFileAtomic(join(dir, 'runs', 'a.json'), '{}', { fs: readOnly() })).toThrow(`cannot write ${join(dir, 'runs')}: read-only file system (EROFS)`);
    mkdirSync(join(dir, 'runs'));
    expect(() => writeFileAtomic(join(dir, 'runs', 'a.json'), '{}', { fs: readOnly() })).toThrow(`cannot write ${join(dir, 'runs', 'a.json')}: read-only file system (EROFS)`);
    expect(readdirSync(join(dir, 'runs'))).toEqual([]);
  });

  it('a rename that fails (a kill before it, say) leaves the old file and no temporary file', () => {
    const dir = scratch();
    const file = join(dir, 'properties.json');
    writeFileSync(file, '[]');
    const fs = withCalls({
      renameSync: () => {
        throw Object.assign(new Error('EIO'), { code: 'EIO', errno: -5, syscall: 'rename' });
      },
    });
    expect(() => writeFileAtomic(file, '[1]', { fs })).toThrow(/^cannot write .*properties\.json: i\/o error \(EIO\)$/);
    expect(readFileSync(file, 'utf8')).toBe('[]');
    expect(readdirSync(dir)).toEqual(['properties.json']);
  });

  it('the real OS: a path through a regular file is ENOTDIR', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'reports'), '');
    expect(() => writeFileAtomic(join(dir, 'reports', 'coverage', 'index.html'), 'x')).toThrow(`cannot write ${join(dir, 'reports', 'coverage')}: not a directory (ENOTDIR)`);
  });

  it.skipIf(!existsSync('/dev/full'))('the real OS: bytes written to /dev/full give ENOSPC, and the target is untouched', () => {
    const dir = scratch();
    const file = join(dir, 'index.html');
    writeFileSync(file, 'old');
    let opened = '';
    // The temporary file is opened on /dev/full instead: the kernel's own "no space left on device".
    const fs: FileSystem = withCalls({
      openSync: ((path: string) => {
        opened = path;
        return nodeFs.openSync('/dev/full', 'w');
      }) as FileSystem['openSync'],
      fsyncSync: () => {},
    });
    expect(() => writeFileAtomic(file, 'new', { fs })).toThrow(`cannot write ${file}: no space left on device (ENOSPC)`);
    expect(opened).toMatch(/\.tmp$/);
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['index.html']);
  });
});

describe('temporary files abandoned by a run killed outright', () => {
  it('are swept by the next write in their folder once their process is gone and they are a minute old; others stay', () => {
    const dir = scratch();
    const dead = 2 ** 22 + 12345; // above Linux's largest pid: no such process
    const old = new Date(Date.now() - 10 * 60_000);
    const names = {
      abandoned: `.index.html.${dead}.0123456789ab.tmp`,
      recent: `.coverage.json.${dead}.0123456789ab.tmp`,
      live: `.coverage.md.${process.pid}.0123456789ab.tmp`,
      notOurs: `index.html.${dead}.tmp`,
    };
    for (const n of Object.values(names)) writeFileSync(join(dir, n), 'half');
    for (const n of [names.abandoned, names.live, names.notOurs]) utimesSync(join(dir, n), old, old);
    writeFileAtomic(join(dir, 'index.html'), 'whole');
    expect(readdirSync(dir).sort()).toEqual([names.recent, names.live, 'index.html', names.notOurs].sort());
  });
});
