import { describe, expect, it } from 'vitest';
import { excerpt, escapeUnsafe, EXCERPT_MAX } from '../../../src/input/excerpt.js';

/** C0 and C1 controls, DEL, line separators and ESC never appear raw. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

describe('an excerpt of untrusted input', () => {
  it('quotes short values as JSON, and numbers JSON cannot hold by name', () => {
    expect(excerpt('many')).toBe('"many"');
    expect(excerpt(1e300)).toBe('1e+300');
    expect(excerpt(Infinity)).toBe('Infinity');
    expect(excerpt(NaN)).toBe('NaN');
    expect(excerpt(undefined)).toBe('nothing');
    expect(excerpt({ a: [1, true, null] })).toBe('{"a":[1,true,null]}');
  });

  it('is at most EXCERPT_MAX characters of a huge string, and ends in … when cut', () => {
    const e = excerpt('x'.repeat(50_000_000));
    expect(e.length).toBe(EXCERPT_MAX);
    expect(e.endsWith('…')).toBe(true);
  });

  it('escapes newlines, NUL, terminal escapes, DEL, C1 controls and line separators', () => {
    const e = excerpt('a\nb\u0000c\u001b[2Jd\u007fe\u009bf\u2028g');
    expect(e).not.toMatch(UNSAFE);
    expect(e).toContain('\\u001b[2J');
    expect(escapeUnsafe('\r\t\u0085')).toBe('\\u000d\\u0009\\u0085');
    // Keys are escaped too.
    expect(excerpt({ '\u001b]0;title\u0007': 1 })).not.toMatch(UNSAFE);
  });

  it('prints a value nested a million deep without recursion, and only as much as it shows', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    expect(excerpt(deep)).toBe(`${'['.repeat(EXCERPT_MAX - 1)}…`);
    const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
    expect(excerpt(wide).length).toBeLessThanOrEqual(EXCERPT_MAX);
  });

  it('never splits a surrogate pair', () => {
    const e = excerpt('😀'.repeat(100));
    expect(e).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});
