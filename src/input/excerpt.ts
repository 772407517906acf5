/**
 * Quoting untrusted input in an error line: at most a short excerpt, with
 * every control character, line break, NUL and terminal escape written as
 * a `\uXXXX` escape, so that an error stays one short line whatever the
 * input holds (a 50 MB string, a value nested a million deep, ESC [ 2 J).
 */

/** The most characters of input an error line quotes (longer excerpts end in `…`). */
export const EXCERPT_MAX = 60;

/** Characters never written raw: C0 and C1 controls, DEL, line and paragraph separators, bidi overrides, the BOM, lone surrogates. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `s` with every unsafe character escaped as `\uXXXX` (newline included). */
export const escapeUnsafe = (s: string): string => s.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** `s` cut to at most `max` characters, the last one `…` when cut (never inside a surrogate pair). */
export function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  let head = s.slice(0, Math.max(0, max - 1));
  if (/[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1);
  return `${head}…`;
}

/** A string as JSON quotes it, from its first `max` characters only (so a huge string costs nothing). */
const quoted = (s: string, max: number): string => escapeUnsafe(JSON.stringify(s.length > max ? s.slice(0, max) : s));

/** A primitive value as an excerpt shows it: JSON, with numbers JSON cannot hold (Infinity, NaN) by name. */
function primitive(v: unknown, max: number): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return quoted(v, max);
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : String(v);
  if (typeof v === 'bigint') return String(v);
  if (v === null || typeof v === 'boolean') return String(v);
  return typeof v;
}

/**
 * An untrusted value (parsed JSON, a flag's text) as an error line quotes
 * it: JSON-like, at most `max` characters, escaped. Iterative with a fixed
 * budget: it reads only as much of the value as it prints.
 */
export function excerpt(v: unknown, max = EXCERPT_MAX): string {
  let out = '';
  // Work left, last first: text to append, or a value to render.
  const work: (string | { readonly value: unknown })[] = [{ value: v }];
  while (work.length > 0 && out.length <= max) {
    const w = work.pop()!;
    if (typeof w === 'string') {
      out += w;
      continue;
    }
    const x = w.value;
    if (Array.isArray(x)) {
      const n = Math.min(x.length, max);
      work.push(x.length > n ? ',…]' : ']');
      for (let i = n - 1; i >= 0; i--) {
        work.push({ value: x[i] });
        if (i > 0) work.push(',');
      }
      out += '[';
    } else if (typeof x === 'object' && x !== null) {
      const keys = Object.keys(x).slice(0, max + 1);
      const n = Math.min(keys.length, max);
      work.push(keys.length > n ? ',…}' : '}');
      for (let i = n - 1; i >= 0; i--) {
        work.push({ value: (x as Record<string, unknown>)[keys[i]!] });
        work.push(`${quoted(keys[i]!, max)}:`);
        if (i > 0) work.push(',');
      }
      out += '{';
    } else out += primitive(x, max);
  }
  return out.length > max || work.length > 0 ? cut(out, max) : out;
}
