import { describe, expect, it } from 'vitest';
import { DM_MESSAGE_TYPES, DM_MAX_RANGES_PER_MESSAGE, messageSize, toRanges, rangePages, withHeader } from '../../../../models/dynamic-memory/messages.js';
import { balloonFloorMiB, balloonFloorPages } from '../../../../src/dynamic-memory/floor.js';

describe('Dynamic Memory messages', () => {
  it('numbers the message types as the protocol does', () => {
    expect(DM_MESSAGE_TYPES).toEqual({
      ERROR: 0,
      VERSION_REQUEST: 1,
      VERSION_RESPONSE: 2,
      CAPABILITIES_REPORT: 3,
      CAPABILITIES_RESPONSE: 4,
      STATUS_REPORT: 5,
      BALLOON_REQUEST: 6,
      BALLOON_RESPONSE: 7,
      UNBALLOON_REQUEST: 8,
      UNBALLOON_RESPONSE: 9,
      MEM_HOT_ADD_REQUEST: 10,
      MEM_HOT_ADD_RESPONSE: 11,
      INFO_MESSAGE: 12,
    });
  });

  it('sizes messages as the C structures: header 8, ranges 8 bytes each, 510 ranges in 4 KiB', () => {
    expect(DM_MAX_RANGES_PER_MESSAGE).toBe(510);
    expect(messageSize({ type: 'UNBALLOON_RESPONSE' })).toBe(8);
    expect(messageSize({ type: 'STATUS_REPORT', numAvail: 0, numCommitted: 0, pageFileSize: 0, zeroFree: 0, pageFileWrites: 0, ioDiff: 0 })).toBe(48);
    const two = [{ startPage: 4, pageCnt: 2 }, { startPage: 8, pageCnt: 1 }];
    expect(messageSize({ type: 'BALLOON_RESPONSE', morePages: 0, rangeCount: 2, ranges: two })).toBe(32);
    expect(withHeader({ type: 'BALLOON_REQUEST', numPages: 3 }, 257)).toEqual({ type: 'BALLOON_REQUEST', numPages: 3, size: 16, transId: 1 });
  });

  it('groups pages into ranges of bounded length, and back', () => {
    expect(toRanges([5, 2, 3, 4, 9], 2)).toEqual([{ startPage: 2, pageCnt: 2 }, { startPage: 4, pageCnt: 2 }, { startPage: 9, pageCnt: 1 }]);
    expect(rangePages(toRanges([7, 1, 2, 3], 8))).toEqual([1, 2, 3, 7]);
  });
});

describe('balloon floor', () => {
  it('is 72, 168, 360, 744 and 1512 MiB for 128, 512, 2048, 8192 and 32768 MiB guests', () => {
    expect([128, 512, 2048, 8192, 32768].map(balloonFloorMiB)).toEqual([72, 168, 360, 744, 1512]);
  });

  it('interpolates linearly in between and is continuous at every knot', () => {
    expect(balloonFloorMiB(320)).toBe(120); // halfway from 128 (72) to 512 (168)
    expect(balloonFloorMiB(1280)).toBe(264); // halfway from 512 (168) to 2048 (360)
    expect(balloonFloorMiB(5120)).toBe(552);
    expect(balloonFloorMiB(20480)).toBe(1128);
    expect(balloonFloorMiB(16)).toBe(16);
    expect(balloonFloorMiB(32)).toBe(24);
    for (const k of [128, 512, 2048, 8192]) expect(balloonFloorMiB(k - 1e-9)).toBeCloseTo(balloonFloorMiB(k), 6);
  });

  it('rounds up to whole model pages (64 MiB): 4 GiB keeps 8 pages, 8 GiB keeps 12', () => {
    expect(balloonFloorPages(64, 64)).toBe(8); // 488 MiB
    expect(balloonFloorPages(128, 64)).toBe(12); // 744 MiB
    expect(balloonFloorPages(16, 64)).toBe(4); // 232 MiB
  });
});

describe('the Dynamic Memory example configuration', () => {
  it('examples/dynamic-memory.json is DM_DEMO_CONFIG, and valid', async () => {
    const { readFileSync } = await import('node:fs');
    const { DM_DEMO_CONFIG } = await import('../../../../src/system/dm-demo-config.js');
    const { validateConfig } = await import('../../../../src/system/config.js');
    // Resolved from this file, not the working directory (other in-process tests run the CLI in scratch directories).
    const file = JSON.parse(readFileSync(new URL('../../../../examples/dynamic-memory.json', import.meta.url), 'utf8'));
    expect(file).toEqual(JSON.parse(JSON.stringify(DM_DEMO_CONFIG)));
    expect(validateConfig(file).ok).toBe(true);
  });
});
