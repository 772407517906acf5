import { describe, expect, it } from 'vitest';
import { defineConfig, UserConfigError } from '../../../src/config/define-config.js';
import { checkRandom } from '../../../src/check/random.js';
import { buildWorld } from '../../../src/faults/build-world.js';
import { dmFaultConfig } from '../../../models/dynamic-memory/faults.js';
import type { BalancerPolicy } from '../../../src/dynamic-memory/balancer.js';

describe('defineConfig', () => {
  it('returns the config it is given', () => {
    const c = { host: { frames: 384 }, weights: { dmBalance: 3 } };
    expect(defineConfig(c)).toBe(c);
  });

  it.each([
    [{ hosts: {} }, 'unknown key "hosts" (known: host, scopes, properties, faults, balancer, scheduler, weights, model, traceColumns)'],
    [{ model: {}, host: {} }, "model is given alone: host belongs to hvspec's System, not to a model of one's own"],
    [{ model: { initial: (): number => 0, actions: () => [], describe: String, properties: [], identity: {} } }, 'model.next must be a function'],
    [{ model: { initial: (): number => 0, actions: () => [], next: () => undefined, describe: String, properties: [], identity: {} } }, 'model.identity must have a fingerprinter (keyIdentity makes one)'],
    [{ host: { frames: 'many' } }, /^host: .*frames/],
    [{ balancer: 3 }, 'balancer must be a function (input) => decisions'],
    [{ weights: { dmFly: 1 } }, 'weights: unknown op kind "dmFly"'],
    [{ weights: { dmBalance: -1 } }, 'weights.dmBalance must be a number of at least 0'],
    [{ properties: [{ kind: 'always', name: 'Not Kebab', description: '', check: () => null }] }, 'properties[0] (Not Kebab): the name must be kebab-case'],
    [{ properties: [{ kind: 'always', name: 'p', description: 'd' }] }, 'properties[0] (p): check must be a function'],
    [{ properties: [{ kind: 'never', name: 'p', description: 'd' }] }, 'properties[0] (p): kind must be always, sometimes or eventually, got "never"'],
    [{ scopes: [{ name: 's' }, { name: 's' }] }, 'scopes[1]: the name s is used twice'],
    [{ scopes: [{ name: 's', ops: ['fly'] }] }, 'scopes[0] (s): ops must be op kinds'],
    [{ faults: [{}] }, 'faults[0]: not a fault (make it with defineFault)'],
    [{ traceColumns: [] }, 'traceColumns must be an object of column name to a function (state) => value'],
    [{ traceColumns: { free: 3 } }, 'traceColumns.free must be a function (state) => value'],
  ])('rejects %j', (config, message) => {
    const thrown = (() => {
      try {
        defineConfig(config as never);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(UserConfigError);
    if (typeof message === 'string') expect((thrown as Error).message).toBe(message);
    else expect((thrown as Error).message).toMatch(message);
  });
});

describe('a balancer policy that throws', () => {
  it('is the violation policy-threw with a shrunk counterexample, not an exception out of checkRandom', () => {
    const throwing: BalancerPolicy = (input) => {
      if (input.guests.length > 0) throw new Error('not written yet');
      return [];
    };
    const world = { ...buildWorld(dmFaultConfig()), balancer: throwing };
    const r = checkRandom(world, { seed: 1, runs: 100, depth: 30, weights: { dmStart: 40, dmSettle: 40, dmBalance: 40 } });
    expect(r.kind).toBe('violated');
    if (r.kind !== 'violated') return;
    expect(r.counterexample.property).toBe('policy-threw');
    expect(r.counterexample.message).toBe('the balancer policy threw: not written yet');
    expect(r.counterexample.ops.map((o) => o.type)).toEqual(['dmStart', 'dmSettle', 'dmBalance']);
  });

  it('and one that returns a decision that does not fit, is policy-threw too', () => {
    const zero: BalancerPolicy = (input) => input.guests.map((g) => ({ kind: 'hotAdd', pid: g.pid, pages: 0 }));
    const r = checkRandom({ ...buildWorld(dmFaultConfig()), balancer: zero }, { seed: 1, runs: 100, depth: 30, weights: { dmStart: 40, dmSettle: 40, dmBalance: 40 } });
    expect(r.kind === 'violated' && [r.counterexample.property, r.counterexample.message, r.counterexample.ops.length]).toEqual([
      'policy-threw',
      'the balancer policy returned a decision that does not fit: the balancer decided hotAdd of 0 pages for p1',
      3,
    ]);
  });
});
