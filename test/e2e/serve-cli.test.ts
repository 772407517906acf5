/**
 * `hvspec serve` from the command line: bad flags are one line and exit
 * status 2; the server prints its URL and SIGINT stops it cleanly (the
 * port is closed afterwards).
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hvspecInProcess, scratch } from './cli.js';
import { openServe, serveCommand } from '../../src/cli/commands/serve.js';
import { explore } from '../../src/check/explore.js';
import { buildWorld } from '../../src/faults/build-world.js';
import { saveFailure } from '../../src/check/failures.js';
import { DEFAULT_CONFIG } from '../../src/system/config.js';
import { INVARIANTS } from '../../properties/index.js';

describe('hvspec serve: flags and stopping', () => {
  it.each([
    [['--port', '70000'], /^hvspec: --port must be at most 65535, got 70000$/],
    [['--fault', 'no-such-fault'], /^hvspec: unknown fault "no-such-fault" \(run `hvspec faults` for the list\)$/],
    [['--trace', 'missing.json'], /^hvspec: cannot read trace missing\.json/],
    [['--trace', 'bad.json'], /^hvspec: trace bad\.json: .*$/],
    [['--colour'], /^hvspec: serve: .*--colour.*$/],
  ])('hvspec serve %j: one line, exit status 2', async (args, message) => {
    const dir = scratch();
    writeFileSync(join(dir, 'bad.json'), '{"format":"hvspec-trace"}');
    const r = await hvspecInProcess(['serve', ...args], dir);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd()).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('prints the URL of 127.0.0.1 and stops on SIGINT, closing the port', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const before = process.listenerCount('SIGINT');
    const running = serveCommand(['--fault', 'delete-ignores-pool'], { out: (...l) => out.push(...l), err: (...l) => err.push(...l), progress: () => {} });
    while (out.length === 0) await new Promise((r) => setTimeout(r, 20));
    const url = /^hvspec explorer: (http:\/\/127\.0\.0\.1:\d+\/)\?fault=delete-ignores-pool$/.exec(out[0]!)?.[1];
    expect(url, out[0]).toBeDefined();
    expect((await fetch(url!)).status).toBe(200);
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    process.emit('SIGINT');
    expect(await running).toBe(0);
    expect(err.at(-1)).toBe('hvspec: serve: stopped');
    expect(process.listenerCount('SIGINT')).toBe(before);
    await expect(fetch(url!)).rejects.toThrow();
  });

  it('--trace FILE: every page starts with that trace, at its initial state', async () => {
    const dir = scratch();
    const r = explore(buildWorld(DEFAULT_CONFIG, ['delete-ignores-pool']), { invariants: INVARIANTS, maxStates: 2000 });
    if (r.kind !== 'violated') throw new Error('no counterexample to save');
    const file = saveFailure(r.counterexample, dir);
    const server = await openServe(['--trace', file], dir);
    try {
      const res = await fetch(`${server.url}api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      const { view } = (await res.json()) as { view: { title: string; cursor: number; crumbs: string[] } };
      expect(view.title).toMatch(/ · deleted-partition-holds-nothing · delete-ignores-pool$/);
      expect(view.cursor).toBe(0);
      expect(view.crumbs).toEqual(r.counterexample.ops.map((o) => expect.stringMatching(new RegExp(`^${o.type} `))));
    } finally {
      await server.close();
    }
  });
});
