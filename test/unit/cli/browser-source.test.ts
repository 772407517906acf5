import { describe, expect, it } from 'vitest';
import { browserSource, browserRequired } from '../../helpers/browser.js';

// Which Chromium the browser test uses, and when a missing one fails the suite instead of skipping the test.
describe('the browser test finds its Chromium without a system-wide install', () => {
  it('CHROMIUM_PATH wins; else, on Linux x64, the build the @sparticuz/chromium dev dependency ships', () => {
    expect(browserSource({ CHROMIUM_PATH: '/opt/chromium/chrome' })).toEqual({ kind: 'env', path: '/opt/chromium/chrome' });
    const found = browserSource({});
    if (process.platform === 'linux' && process.arch === 'x64') expect(found).toMatchObject({ kind: 'packaged', version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    else expect(['system', 'none']).toContain(found.kind);
  });

  it('HVSPEC_REQUIRE_BROWSER=1 (set by CI) makes the browser test mandatory', () => {
    expect(browserRequired({ HVSPEC_REQUIRE_BROWSER: '1' })).toBe(true);
    expect(browserRequired({})).toBe(false);
  });
});
