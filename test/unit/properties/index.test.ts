import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { INVARIANTS, GOALS, LIVENESS, PROPERTIES, type Property } from '../../../properties/index.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const MODELS = join(ROOT, 'models');
const PROPERTY_DIR = join(ROOT, 'properties');

/** The folders under models/, one per mechanism. */
const mechanisms = readdirSync(MODELS).filter((f) => statSync(join(MODELS, f)).isDirectory()).sort();
/** The files under properties/ that hold a mechanism's claims (all but the kinds and the assembly). */
const propertyFiles = readdirSync(PROPERTY_DIR).filter((f) => f.endsWith('.ts') && f !== 'property.ts' && f !== 'index.ts').sort();

const isProperty = (v: unknown): v is Property =>
  typeof v === 'object' && v !== null && 'name' in v && 'kind' in v && ['always', 'sometimes', 'eventually'].includes((v as { kind: string }).kind);

/** Every property a module exports, alone or in a list, once each. */
const exported = (mod: Record<string, unknown>): Property[] => [...new Set(Object.values(mod).flatMap((v) => (Array.isArray(v) ? v : [v])).filter(isProperty))];

const modules = await Promise.all(mechanisms.map(async (m) => ({ mechanism: m, props: exported((await import(join(PROPERTY_DIR, `${m}.ts`))) as Record<string, unknown>) })));

describe('properties/: one file per mechanism, named like its folder under models/', () => {
  it('every property file except property.ts and index.ts is named after a folder under models/, and every folder has one', () => {
    expect(mechanisms.length).toBeGreaterThan(0);
    expect(propertyFiles).toEqual(mechanisms.map((m) => `${m}.ts`));
  });

  it('each file opens with a comment saying what its mechanism claims, naming its folder', () => {
    for (const m of mechanisms) {
      const text = readFileSync(join(PROPERTY_DIR, `${m}.ts`), 'utf8');
      expect(text.startsWith('/**'), m).toBe(true);
      const opening = text.slice(0, text.indexOf('*/')).replace(/\n \* ?/g, ' ');
      expect(opening, m).toMatch(new RegExp(`claims? \\(models/${m}[;)]`));
    }
  });

  it("each mechanism's README lists exactly the claims of its properties file, and names that file", () => {
    for (const { mechanism, props } of modules) {
      const readme = readFileSync(join(MODELS, mechanism, 'README.md'), 'utf8');
      const section = /## What it claims \(`([^`]+)`\)\n([\s\S]*?)\n## /.exec(readme);
      expect(section, `${mechanism}/README.md has a "What it claims" section`).not.toBeNull();
      expect(section![1], mechanism).toBe(`properties/${mechanism}.ts`);
      const listed = [...section![2]!.matchAll(/`([a-z0-9]+(?:-[a-z0-9]+)+)`/g)].map((x) => x[1]!);
      expect([...new Set(listed)].sort(), mechanism).toEqual(props.map((p) => p.name).sort());
    }
  });

  it("every claim is in exactly one mechanism's file, and index.ts checks each of them once", () => {
    const all = modules.flatMap((m) => m.props);
    expect(new Set(all).size).toBe(all.length);
    expect(new Set(PROPERTIES).size).toBe(PROPERTIES.length);
    expect(new Set(all)).toEqual(new Set(PROPERTIES));
    expect(new Set(PROPERTIES.map((p) => p.name)).size).toBe(PROPERTIES.length);
  });
});

describe('index.ts keeps the report order (it decides which violation is reported first and what a pinned seed prints)', () => {
  it('invariants', () => {
    expect(INVARIANTS.map((p) => p.name)).toEqual([
      'no-frame-owned-twice',
      'frames-conserved',
      'slat-maps-only-owned-frames',
      'root-never-maps-hypervisor-frames',
      'no-cross-partition-data-leak',
      'deleted-partition-holds-nothing',
      'tlb-purged-on-vm-switch',
      'tlb-agrees-with-slat',
      'cached-translation-enforces-slat-access',
      'tlb-never-exceeds-capacity',
      'tlb-tag-holds-only-its-vms-entries',
      'unmap-returns-after-shootdown',
      'intercepted-instruction-completes-only-after-root-reply',
      'intercept-suspends-only-its-vp',
      'every-intercept-answered-once',
      'suspended-vp-never-runs',
      'child-cannot-call-parent-only-hypercalls',
      'register-state-consistent-after-intercept',
      'balloon-pages-never-accessed',
      'balloon-frames-unmapped-and-flushed-before-reuse',
      'visible-memory-within-min-max',
      'operator-balloon-request-keeps-minimum',
      'guest-never-balloons-below-floor',
      'one-dm-transaction-at-a-time',
      'unballoon-answered-exactly-once',
      'host-ignores-out-of-state-messages',
      'hypervisor-never-reclaims-without-guest-consent',
      'pressure-formula-holds',
      'host-balloons-until-target-or-floor',
      'host-accounts-every-ballooned-page',
      'host-reclaims-only-requested-held-pages',
      'host-maps-back-only-what-it-offers',
      'deferred-only-while-no-vp-dispatched',
      'no-interrupt-lost',
      'no-interrupt-delivered-twice',
      'interrupt-delivered-only-to-running-vp-of-its-partition',
      'ring-never-overflows',
      'ring-empty-iff-indices-equal',
      'no-missed-ring-signal',
      'synic-slot-holds-one-message',
      'synic-messages-arrive-in-order',
      'io-buffers-stay-mapped-until-completion',
      'finalized-partition-has-no-live-vp',
      'finalized-partition-holds-no-gpa-mapping',
      'root-simulates-intercepted-instruction-with-its-own-registers',
      'synic-queue-waits-only-behind-full-slot',
      'synic-interrupt-only-on-delivery',
      'ring-writer-signals-only-when-ring-becomes-non-empty',
      'reader-wakes-waiting-writer-once-per-crossing',
      'ring-reader-stays-in-data-area',
      'swapped-page-is-never-accessed-in-place',
      'swapped-page-contents-come-back-unchanged',
      'swapped-page-is-never-in-a-balloon',
    ]);
  });

  it('goals', () => {
    expect(GOALS.map((p) => p.name)).toEqual([
      'partition-active-with-mapped-memory',
      'vm-switch-happens',
      'guest-access-hits-tlb',
      'tagged-vm-switch-purges-nothing',
      'memory-withdrawn',
      'partition-deleted',
      'io-port-intercept-taken',
      'msr-intercept-taken',
      'cpuid-intercept-taken',
      'exception-intercept-taken',
      'two-vps-await-the-root-at-once',
      'vm-switch-while-intercept-pending',
      'partition-finalized-while-vp-waits',
      'balloon-inflates-and-deflates',
      'hot-add-succeeds',
      'guest-reaches-maximum',
      'version-negotiation-falls-back',
      'low-memory-notification-fires',
      'interrupt-deferred-then-delivered',
      'ring-full-writer-waits',
      'synic-slot-overflows-into-message-pending',
    ]);
  });

  it('bounded liveness, and all properties: invariants, then goals, then liveness', () => {
    expect(LIVENESS.map((p) => p.name)).toEqual(['finalized-partition-stops-running', 'dm-host-request-answered-or-given-up']);
    expect(PROPERTIES).toEqual([...INVARIANTS, ...GOALS, ...LIVENESS]);
  });
});
