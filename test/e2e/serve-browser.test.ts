/**
 * The explorer page as a user drives it (`hvspec serve` in process, the
 * Chromium of test/helpers/browser.ts): five ops taken by clicking, the
 * statecharts' highlighted states and the property list checked against
 * the model's own state; a path search under a planted fault ends on the
 * violation; a saved counterexample is stepped with the keyboard.
 * Screenshots go to reports/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { scratch } from './cli.js';
import { browserSource, browserRequired, browserExecutable, launchOptions } from '../helpers/browser.js';
import { openServe } from '../../src/cli/commands/serve.js';
import type { RunningServer } from '../../src/serve/server.js';
import { DEFAULT_CONFIG } from '../../src/system/config.js';
import { standardWorld, type System } from '../../src/system/system.js';
import { systemModel } from '../../src/check/system-model.js';
import { describeOp } from '../../src/system/describe.js';
import { machineInstances } from '../../src/report/instances.js';
import { statePaths } from '../../src/coverage/data.js';
import { explore } from '../../src/check/explore.js';
import { buildWorld } from '../../src/faults/build-world.js';
import { FAILURES_DIR, saveFailure } from '../../src/check/failures.js';
import { INVARIANTS, GOALS, LIVENESS } from '../../properties/index.js';

const SHOTS = resolve(import.meta.dirname, '../../reports');
const FAULT = 'delete-ignores-pool';
const PROPERTY = 'deleted-partition-holds-nothing';
const source = browserSource();
// No browser: the page's tests are skipped with a notice, unless it is required (CI), when they run and fail.
const rendering = source.kind !== 'none' || browserRequired();
if (!rendering && source.kind === 'none') console.warn(`NOTICE: the explorer page's browser tests are skipped: ${source.why}. Set CHROMIUM_PATH to a Chromium to run them.`);

const dir = scratch();
let browser: Browser;
let server: RunningServer;
let savedOps = 0;

beforeAll(async () => {
  if (!rendering) return;
  // A saved counterexample, as `hvspec explore --fault` saves one.
  const world = buildWorld(DEFAULT_CONFIG, [FAULT]);
  const r = explore(world, { invariants: INVARIANTS, maxStates: 2000 });
  if (r.kind !== 'violated') throw new Error(`the explorer did not find ${PROPERTY} under ${FAULT}`);
  savedOps = r.counterexample.ops.length;
  saveFailure(r.counterexample, join(dir, FAILURES_DIR));
  [server, browser] = await Promise.all([openServe([], dir), browserExecutable(source).then((exe) => chromium.launch(launchOptions(exe)))]);
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A new page on the server (`query`: the URL's query), once its session is open. */
async function open(query = ''): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1500, height: 1100 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  await page.goto(`${server.url}${query}`);
  await page.waitForSelector('body[data-ready="yes"]');
  return { page, errors };
}

const cursor = async (page: Page) => Number(await page.getAttribute('body', 'data-cursor'));

/** The states the page highlights, as `machine~path`. */
const highlighted = async (page: Page) => (await page.locator('#charts g.state.cur').evaluateAll((gs) => gs.map((g) => g.id.replace(/^state~/, '')))).sort();

describe.runIf(rendering)('hvspec serve: the explorer page in Chromium', () => {
  it('five ops taken by clicking: the highlighted states, the transition taken and the properties match the model', async () => {
    const { page, errors } = await open();
    const model = systemModel(standardWorld(DEFAULT_CONFIG), { invariants: INVARIANTS, goals: GOALS, liveness: LIVENESS });
    let s: System = model.initial();
    expect(await highlighted(page)).toEqual([...new Set(machineInstances(s).flatMap((i) => statePaths(i.state).map((p) => `${i.machine}~${p}`)))].sort());
    const wanted = [/^createPartition p2 /, /^depositMemory p2 1 page$/, /^initializePartition p2$/, /^dispatchVp p2 vp0 on lp1$/, /^dispatchVp root vp0 on lp0$/];
    let lastMachines: string[] = [];
    for (const [k, label] of wanted.entries()) {
      // The page lists the model's enabled ops in the model's order.
      const ops = model.actions(s);
      expect(await page.locator('#ops button').allTextContents()).toEqual(ops.map((o) => describeOp(o, DEFAULT_CONFIG)));
      const index = ops.findIndex((o) => label.test(describeOp(o, DEFAULT_CONFIG)));
      expect(index, String(label)).toBeGreaterThanOrEqual(0);
      await page.click(`#ops button[data-op="${index}"]`);
      await page.waitForSelector(`body[data-cursor="${k + 1}"]`);
      const r = model.next(s, ops[index]!)!;
      s = r.state;
      lastMachines = [...new Set(r.outcome.transitions.map((t) => t.machine))];
    }
    expect(await page.locator('#crumbs button').count()).toBe(6);
    expect(await highlighted(page)).toEqual([...new Set(machineInstances(s).flatMap((i) => statePaths(i.state).map((p) => `${i.machine}~${p}`)))].sort());
    expect(await highlighted(page)).toContain('vp~running');
    // The transition just taken is marked in its machine's chart, and only there.
    const taken = await page.locator('#charts g.edge.taken').evaluateAll((gs) => gs.map((g) => g.id.split('~')[1]));
    expect(taken.length).toBeGreaterThan(0);
    expect([...new Set(taken)].sort()).toEqual(lastMachines.filter((m) => taken.includes(m)).sort());
    // Each property as the model judges it here.
    const rows = await page.locator('#props tr').evaluateAll((trs) => trs.map((tr) => [(tr as HTMLElement).dataset.property, (tr as HTMLElement).dataset.status]));
    const expected = [
      ...[...new Set(model.properties.filter((p) => p.kind === 'always' || p.kind === 'transition').map((p) => p.name))].map((n) => {
        const broken = model.properties.some((p) => p.name === n && p.kind === 'always' && p.check(s) !== null);
        return [n, broken ? 'violated' : 'holds'];
      }),
      ...model.properties.filter((p) => p.kind === 'sometimes').map((p) => [p.name, p.reached(s, undefined) ? 'reached' : expect.stringMatching(/^(reached earlier|not reached)$/)]),
    ];
    expect(rows.slice(0, expected.length)).toEqual(expected);
    expect(rows.filter((r) => r[1] === 'violated')).toEqual([]);
    // Back to an earlier state by its breadcrumb: the later ones stay, to step again.
    await page.click('#crumbs button[data-crumb="2"]');
    await page.waitForSelector('body[data-cursor="2"]');
    expect(await page.locator('#crumbs button.ahead').count()).toBe(3);
    await page.click('#crumbs button[data-crumb="5"]');
    await page.waitForSelector('body[data-cursor="5"]');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, 'serve-explorer.png') });
    await page.locator('#trace-card').screenshot({ path: join(SHOTS, 'serve-trace.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('with a planted fault, the path search finds the shortest path to the violation and plays it', async () => {
    const { page, errors } = await open(`?fault=${FAULT}`);
    await page.selectOption('#target', PROPERTY);
    await page.fill('#speed', '20');
    await page.click('#search');
    await page.waitForSelector('body[data-playing="no"][data-cursor="3"]');
    expect(await page.textContent('#search-note')).toMatch(new RegExp(`^violation ${PROPERTY} in 3 steps \\(\\d+ states searched\\): `));
    expect(await page.getAttribute(`#props tr[data-property="${PROPERTY}"]`, 'data-status')).toBe('violated');
    expect(await page.textContent('#notes .viol')).toContain(`✗ ${PROPERTY}: `);
    expect(await page.locator('#lanes .lane-step.bad').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a saved counterexample loads and steps with the keyboard, the swimlanes and changed values following', async () => {
    const { page, errors } = await open();
    const names = await page.locator('#saved option').allTextContents();
    expect(names.filter((n) => n.endsWith('.json'))).toHaveLength(1);
    await page.selectOption('#saved', names.find((n) => n.endsWith('.json'))!);
    await page.click('#load');
    await page.waitForSelector(`#crumbs button[data-crumb="${savedOps}"]`);
    expect(await cursor(page)).toBe(0);
    expect(await page.textContent('#title')).toContain(`${PROPERTY} · ${FAULT}`);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    for (let k = 1; k <= savedOps; k++) {
      await page.keyboard.press('ArrowRight');
      await page.waitForSelector(`body[data-cursor="${k}"]`);
      expect(await page.locator('#lanes .lane-step.cur').getAttribute('data-step')).toBe(String(k));
    }
    expect(await page.getAttribute(`#props tr[data-property="${PROPERTY}"]`, 'data-status')).toBe('violated');
    await page.keyboard.press('ArrowLeft');
    await page.waitForSelector(`body[data-cursor="${savedOps - 1}"]`);
    expect(await page.getAttribute(`#props tr[data-property="${PROPERTY}"]`, 'data-status')).toBe('holds');
    await page.keyboard.press('End');
    await page.waitForSelector(`body[data-cursor="${savedOps}"]`);
    // The values the last step changed are highlighted; hiding the unchanged leaves only them.
    const changed = await page.locator('#values tr.chg').count();
    expect(changed).toBeGreaterThan(0);
    expect(await page.locator('#values tr:not(.head)').count()).toBeGreaterThan(changed);
    await page.keyboard.press('h');
    expect(await page.locator('#values tr:not(.head)').count()).toBe(changed);
    await page.keyboard.press('h');
    await page.locator('#lanes').screenshot({ path: join(SHOTS, 'serve-counterexample.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});
