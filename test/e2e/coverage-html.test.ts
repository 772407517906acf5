/**
 * The coverage report as a user sees it: `hvspec check` writes it,
 * `hvspec coverage` rewrites it, and headless Chromium renders the HTML
 * (the Chromium shipped in an npm package; see test/helpers/browser.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { hvspec, hvspecInProcess, scratch } from './cli.js';
import { STANDARD_MACHINES } from '../../src/system/system.js';
import { browserSource, browserRequired, browserExecutable, launchOptions } from '../helpers/browser.js';

const SHOTS = resolve(import.meta.dirname, '../../reports');
const dir = scratch();
const source = browserSource();
// No browser: the rendering test is skipped with a notice, unless it is required (CI), when it runs and fails.
const rendering = source.kind !== 'none' || browserRequired();
if (!rendering && source.kind === 'none') console.warn(`NOTICE: the coverage report's rendering test is skipped: ${source.why}. Set CHROMIUM_PATH to a Chromium to run it.`);
let browser: Browser;

beforeAll(async () => {
  if (rendering) browser = await chromium.launch(launchOptions(await browserExecutable(source)));
});
afterAll(async () => {
  await browser?.close();
});

// Mostly in-process (the same main as the binary); the last test runs the binary.
describe('coverage reports from the command line', () => {
  it('hvspec check ends by writing the reports and printing the path and the headline figures', async () => {
    const bad = await hvspecInProcess(['check', '--fault', 'skip-tlb-purge-on-vm-switch', '--seed', '2', '--runs', '60'], dir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('coverage report: reports/coverage/index.html');
    const good = await hvspecInProcess(['check', '--engine', 'random'], dir);
    expect(good.status).toBe(0);
    expect(good.stdout).toMatch(/coverage \(random\) · report: reports\/coverage\/index\.html\n {2}partition +states \d+\/5 \(\d+%\) +transitions \d+\/22/);
    for (const m of Object.keys(STANDARD_MACHINES)) expect(good.stdout).toMatch(new RegExp(`\\n  ${m} +states \\d+/\\d+`));
    expect(readdirSync(join(dir, 'reports', 'coverage')).sort()).toEqual(['.hvspec-manifest', 'coverage.json', 'coverage.md', 'index.html', 'properties.json', 'runs']);
  });

  it('hvspec check --json still prints one JSON document, with the coverage in it', async () => {
    const r = await hvspecInProcess(['check', '--json', '--runs', '10'], scratch());
    const doc = JSON.parse(r.stdout);
    expect(r.status).toBe(doc.exitStatus);
    expect(doc.coverage.files.html).toBe('reports/coverage/index.html');
    expect(doc.coverage.machines.map((m: { machine: string }) => m.machine)).toEqual(Object.keys(STANDARD_MACHINES));
    expect(doc.coverage.machines[0].transitions.covered).toBeGreaterThan(0);
  });

  it('hvspec coverage merges the recorded runs and names what was never reached', async () => {
    const r = await hvspecInProcess(['coverage'], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^coverage \(random\)\n/);
    expect(r.stdout).toContain('(by-design: child partitions never create partitions of their own');
    expect(r.stdout).toContain('reports: reports/coverage/index.html · reports/coverage/coverage.json · reports/coverage/coverage.md');
    const json = JSON.parse(readFileSync(join(dir, 'reports', 'coverage', 'coverage.json'), 'utf8'));
    expect(json.coverage.machines.map((m: { machine: string }) => m.machine)).toEqual(Object.keys(STANDARD_MACHINES));
    // One merged run (with a fault) violated it: the page says so, and names that run.
    const tlb = json.properties.find((p: { name: string }) => p.name === 'tlb-purged-on-vm-switch');
    expect(tlb.result).toBe('violated');
    expect(tlb.detail).toMatch(/^hvspec check --fault skip-tlb-purge-on-vm-switch --seed 2 --runs 60: /);
    expect(json.properties.find((p: { name: string }) => p.name === 'no-cross-partition-data-leak').result).toBe('holds');
  });

  it.runIf(rendering)('renders in Chromium: every machine drawn, the viewer steps through the saved counterexample', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
    await page.goto(`file://${join(dir, 'reports', 'coverage', 'index.html')}`);
    for (const m of Object.keys(STANDARD_MACHINES)) {
      const svg = page.locator(`[data-machine="${m}"] .diagram svg`);
      await expect(svg.count()).resolves.toBe(1);
      const box = await svg.boundingBox();
      expect(box!.width, m).toBeGreaterThan(100);
      expect(await page.locator(`[data-machine="${m}"] .diagram svg g.node`).count(), m).toBeGreaterThan(1);
    }
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'coverage-html.png'), fullPage: true });

    const pos = page.locator('#viewer-step');
    const total = Number(/of (\d+)/.exec((await pos.textContent())!)![1]);
    expect(total).toBeGreaterThan(1);
    expect(await pos.textContent()).toBe(`step 0 of ${total}`);
    expect(await page.locator('#viewer-frames > div').count()).toBe(384);
    await page.click('#viewer-next');
    expect(await pos.textContent()).toBe(`step 1 of ${total}`);
    expect(await page.locator('#viewer-ops li.cur').textContent()).toMatch(/^createPartition p\d/);
    for (let i = 1; i < total; i++) await page.click('#viewer-next');
    expect(await pos.textContent()).toBe(`step ${total} of ${total}`);
    expect(await page.locator('#viewer-next').isDisabled()).toBe(true);
    expect(await page.locator('#viewer-notes .viol').textContent()).toMatch(/✗ tlb-purged-on-vm-switch: lp\d runs \w+ but its TLB still holds/);
    // The swimlanes: a step per op, the current one marked, the violating one in red; unchanged SLATs are not shown as empty.
    expect(await page.locator('#viewer-lanes .lane-step').count()).toBe(total);
    expect(await page.locator('#viewer-lanes .lane-step.cur').getAttribute('data-step')).toBe(String(total));
    expect(await page.locator('#viewer-lanes .lane-step.bad').count()).toBe(1);
    expect(await page.locator('#viewer-slat').textContent()).not.toContain('(empty)');
    const changed = await page.locator('#viewer-machines tr.chg').count();
    expect(changed).toBeGreaterThan(0);
    await page.keyboard.press('h');
    expect(await page.locator('#viewer-machines tr:not(.head)').count()).toBe(changed);
    await page.keyboard.press('h');
    await page.locator('#viewer').screenshot({ path: join(SHOTS, 'coverage-viewer.png') });
    expect(existsSync(join(SHOTS, 'coverage-viewer.png'))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('hvspec coverage --reset forgets every recorded run', async () => {
    const r = await hvspecInProcess(['coverage', '--reset'], dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/no run recorded yet/);
    expect(r.stdout).toMatch(/partition +states 0\/5 \(0%\) +transitions 0\/22 \(0%\)/);
  });

  it('a recorded run cut short: check never reads it (it reports its own run); coverage leaves it out with a one-line warning', () => {
    const cwd = scratch();
    mkdirSync(join(cwd, 'reports', 'coverage', 'runs'), { recursive: true });
    writeFileSync(join(cwd, 'reports', 'coverage', 'runs', 'cut.json'), '{"version":1,');
    const r = hvspec(['check', '--runs', '5'], cwd);
    expect([0, 3]).toContain(r.status);
    expect(r.stderr).toBe('');
    const c = hvspec(['coverage'], cwd);
    expect(c.status).toBe(0);
    expect(c.stderr).toMatch(/^hvspec: warning: reports\/coverage\/runs\/cut\.json left out of the coverage: not JSON/m);
    expect(c.stderr).not.toMatch(/SyntaxError|\n\s+at /);
    expect(c.stdout).toMatch(/all machines: states \d+\/46/);
  });
});
