/**
 * The headless Chromium that the browser tests drive, found without a
 * system-wide install: `CHROMIUM_PATH` if set, else the Chromium build
 * shipped inside the `@sparticuz/chromium` npm package (Linux x64),
 * unpacked once per package version under `node_modules/.cache`, else a
 * system Chromium. Where none exists the browser test is skipped with a
 * notice, unless `HVSPEC_REQUIRE_BROWSER=1` (set by CI) makes it mandatory.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LaunchOptions } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '../..');
const PACKAGE_DIR = join(ROOT, 'node_modules', '@sparticuz', 'chromium');
const SYSTEM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Where the browser comes from, or why there is none. */
export type BrowserSource =
  | { readonly kind: 'env' | 'system'; readonly path: string }
  | { readonly kind: 'packaged'; readonly version: string }
  | { readonly kind: 'none'; readonly why: string };

/** The browser this machine offers, decided without unpacking or launching anything. */
export function browserSource(env: NodeJS.ProcessEnv = process.env): BrowserSource {
  if (env.CHROMIUM_PATH) return { kind: 'env', path: env.CHROMIUM_PATH };
  if (process.platform === 'linux' && process.arch === 'x64' && existsSync(join(PACKAGE_DIR, 'bin', 'chromium.br'))) {
    const { version } = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string };
    return { kind: 'packaged', version };
  }
  const system = SYSTEM.find((p) => existsSync(p));
  if (system) return { kind: 'system', path: system };
  const packaged = process.platform === 'linux' && process.arch === 'x64' ? 'the @sparticuz/chromium dev dependency is not installed (npm ci installs it)' : `@sparticuz/chromium ships one for Linux x64 only (this is ${process.platform} ${process.arch})`;
  return { kind: 'none', why: `no Chromium: ${packaged}, none of ${SYSTEM.join(', ')} exists, and CHROMIUM_PATH is not set` };
}

/** True when a missing browser must fail the suite rather than skip the browser test (CI sets HVSPEC_REQUIRE_BROWSER=1). */
export const browserRequired = (env: NodeJS.ProcessEnv = process.env): boolean => env.HVSPEC_REQUIRE_BROWSER === '1';

/**
 * The executable of `source`. A packaged build is unpacked (about 190 MB,
 * a few seconds) into a private folder that is then renamed into place,
 * so two test runs at once never start a half-written binary.
 */
export async function browserExecutable(source: BrowserSource): Promise<string> {
  if (source.kind === 'none') throw new Error(source.why);
  if (source.kind !== 'packaged') return source.path;
  const cache = join(ROOT, 'node_modules', '.cache', 'hvspec-chromium');
  const dest = join(cache, source.version);
  const exe = join(dest, 'chromium');
  if (existsSync(exe)) return exe;
  mkdirSync(cache, { recursive: true });
  const work = mkdtempSync(join(cache, `.unpack-${process.pid}-`));
  const { default: Chromium } = await import('@sparticuz/chromium');
  // The package unpacks into os.tmpdir(), which it reads when the call starts.
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = work;
  const unpacking = Chromium.executablePath();
  if (saved === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = saved;
  await unpacking;
  try {
    renameSync(work, dest);
  } catch (e) {
    // Another run got there first: keep its copy.
    rmSync(work, { recursive: true, force: true });
    if (!existsSync(exe)) throw e;
  }
  return exe;
}

/** Launch options for a headless run with a fresh profile (playwright makes a new user-data-dir per launch), and no network of its own. */
export const launchOptions = (executablePath: string): LaunchOptions => ({
  executablePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
