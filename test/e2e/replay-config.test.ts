/**
 * `hvspec replay` with a config module: a trace saved by a check that ran
 * the module's property, fault and policy replays with them (the module
 * found in the working directory, or given with --config); without it, or
 * with another policy, the replay is refused with one line.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hvspecInProcess as hvspec, scratch } from './cli.js';
import { DEFAULT_CONFIG } from '../../src/system/config.js';
import { policyIdentity } from '../../src/check/policy-identity.js';
import { loadUserConfig } from '../../src/config/load-user-config.js';

const INDEX = JSON.stringify(resolve(import.meta.dirname, '../../src/index.ts'));

/** A config module with a property that a second partition breaks, and a fault that is only a balancer policy. */
const config = (policyNote: string) => `import { defineConfig } from ${INDEX};

export default defineConfig({
  properties: [
    {
      kind: 'always',
      name: 'one-child-at-most',
      description: 'The root creates at most one child partition.',
      check: (s: any) => (Object.keys(s.partitions).filter((p) => p !== 'root').length > 1 ? 'two child partitions exist' : null),
    },
  ],
  faults: [{ name: 'idle-balancer', description: 'A balancer that decides nothing (${policyNote}).', breaks: [], balancer: () => [] }],
});
`;

describe('hvspec replay with a config module', () => {
  it("replays a trace saved with the module's property, fault and policy; refuses it without the module or with another policy", async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(join(dir, 'hvspec.config.ts'), config('first'));
    const check = await hvspec(['check', '--fault', 'idle-balancer', '--seed', '1', '--runs', '5', '--depth', '8'], dir);
    expect(check.status, check.stderr).toBe(1);
    expect(check.stdout).toMatch(/✗ one-child-at-most {2}violated after/);
    const [trace] = readdirSync(join(dir, '.hvspec', 'failures'));
    const file = join('.hvspec', 'failures', trace!);

    // `failures list` reads the module as check does: the failure names its fault and property, and is listed as saved.
    const listed = await hvspec(['failures', 'list', '--json'], dir);
    expect(listed.status, listed.stderr).toBe(0);
    const doc = JSON.parse(listed.stdout) as { failures: { file: string; property: string; faults: string[] }[]; unusable: unknown[] };
    expect(doc.failures.map((f) => [f.file, f.property, f.faults])).toEqual([[file, 'one-child-at-most', ['idle-balancer']]]);
    expect(doc.unusable).toEqual([]);

    // Found in the working directory, as check finds it.
    const found = await hvspec(['replay', file], dir);
    expect(found.status, found.stderr).toBe(1);
    expect(found.stdout).toMatch(/✗ one-child-at-most {2}violated after 2 steps/);
    expect(found.stdout).toContain('two child partitions exist');

    // Given with --config from elsewhere, under another name.
    renameSync(join(dir, 'hvspec.config.ts'), join(dir, 'mine.config.ts'));
    const given = await hvspec(['replay', file, '--config', 'mine.config.ts', '--json'], dir);
    expect(given.status, given.stderr).toBe(1);
    expect((JSON.parse(given.stdout) as { violation: { property: string } }).violation.property).toBe('one-child-at-most');

    // Without the module the trace's fault is unknown; with another policy the trace cannot be replayed as saved.
    const without = await hvspec(['replay', file], dir);
    expect(without.status).toBe(2);
    expect(without.stderr).toMatch(/^hvspec: trace \.hvspec\/failures\/[0-9a-f]+\.json: .*idle-balancer.*\n$/);
    // Without it, `failures list` cannot read the failure (its fault is unknown); with --config it can.
    const unread = JSON.parse((await hvspec(['failures', 'list', '--json'], dir)).stdout) as { failures: unknown[]; unusable: { file: string; why: string }[] };
    expect(unread.failures).toEqual([]);
    expect(unread.unusable.map((u) => u.file)).toEqual([file]);
    expect(unread.unusable[0]!.why).toContain('idle-balancer');
    const withConfig = await hvspec(['failures', 'list', '--config', 'mine.config.ts'], dir);
    expect(withConfig.stdout).toMatch(/1 saved failure in \.hvspec\/failures/);
    expect(withConfig.stdout).toContain('✗ one-child-at-most · 2 ops · faults: idle-balancer');
    writeFileSync(join(dir, 'other.config.ts'), config('second').replace('() => []', '() => { return []; }'));
    const other = await hvspec(['replay', file, '--config', 'other.config.ts'], dir);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/^hvspec: trace .* was saved with balancer policy [0-9a-f]{16}, not the config module's \([0-9a-f]{16}\)\n$/);
    // A JSON config holds only a host, which the trace has already.
    writeFileSync(join(dir, 'host.json'), '{}');
    const json = await hvspec(['replay', file, '--config', 'host.json'], dir);
    expect(json.status).toBe(2);
    expect(json.stderr).toMatch(/^hvspec: replay: --config takes a config module/);
    const jsonList = await hvspec(['failures', 'list', '--config', 'host.json'], dir);
    expect(jsonList.status).toBe(2);
    expect(jsonList.stderr).toMatch(/^hvspec: failures: --config takes a config module/);
  });

  it('replays a trace saved with a scheduler policy only with that policy (its identity), as it does the balancer', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    const policy = (body: string) => `import { defineConfig } from ${INDEX};\n\nexport default defineConfig({ scheduler: ${body} });\n`;
    writeFileSync(join(dir, 'first.config.ts'), policy('({ runnable }) => runnable[0] ?? null'));
    writeFileSync(join(dir, 'second.config.ts'), policy('({ runnable }) => runnable.at(-1) ?? null'));
    // The identities as the CLI computes them: of the policies as the module loader gives them.
    const identity = async (file: string) => policyIdentity((await loadUserConfig(join(dir, file))).scheduler)!;
    const [id, otherId] = [await identity('first.config.ts'), await identity('second.config.ts')];
    expect(id).not.toBe(otherId);
    const ops = [{ type: 'createPartition', pid: 'p1' }, { type: 'tick' }];
    writeFileSync(join(dir, 't.json'), JSON.stringify({ format: 'hvspec-trace', version: 1, engine: 'random', property: 'tlb-purged-on-vm-switch', message: 'm', config: DEFAULT_CONFIG, faults: [], scheduler: id, ops }));
    const same = await hvspec(['replay', 't.json', '--config', 'first.config.ts'], dir);
    expect(same.status, same.stderr).toBe(0);
    expect(same.stdout).toMatch(/^✓ t\.json: 2 steps replayed/);
    const other = await hvspec(['replay', 't.json', '--config', 'second.config.ts'], dir);
    expect(other.status).toBe(2);
    expect(other.stderr).toBe(`hvspec: trace t.json was saved with scheduler policy ${id}, not the config module's (${otherId})\n`);
    const none = await hvspec(['replay', 't.json'], dir);
    expect(none.status).toBe(2);
    expect(none.stderr).toBe(`hvspec: trace t.json was saved with scheduler policy ${id}, and no config module gives one (pass it with --config)\n`);
  });
});
