import { describe, expect, it } from 'vitest';
import { hvspecInProcess } from './cli.js';

describe('hvspec check --scenario (the seed article, Figure 9)', () => {
  // In-process (the same main as the binary).
  it('raises the pressured guest from 4 GB to its 8 GB maximum and says so with figures', async () => {
    const r = await hvspecInProcess(['check', '--scenario', 'seed-figure-9']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/✓ seed-figure-9 {2}holds over \d+ steps/);
    expect(r.stdout).toMatch(/before: visible 4096 MiB · committed 6144 MiB · pressure 150 · Add operations 0/);
    expect(r.stdout).toMatch(/after: visible 8192 MiB · .* · Add operations [1-9]/);
  });

  it('rejects an unknown scenario with exit 2', async () => {
    const r = await hvspecInProcess(['check', '--scenario', 'figure-99']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown scenario "figure-99" \(known: seed-figure-9, dm-timers, synthetic-io, hostile-guest, esx-comparison\)/);
  });

  it('runs a fault on its own host when no --config is given', async () => {
    const r = await hvspecInProcess(['check', '--fault', 'balancer-ignores-maximum']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/config of fault balancer-ignores-maximum/);
    expect(r.stdout).toMatch(/✗ visible-memory-within-min-max {2}violated/);
  });
});
