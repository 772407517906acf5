/**
 * Text from a file or an error, made safe to print as part of one line:
 * control characters (newlines, NUL, terminal escapes) shown as escapes,
 * and cut to a short excerpt.
 */

/** `text` on one line with control characters escaped (`\n`, `\x1b`...), at most `max` characters (then `…`). */
export function safeLine(text: string, max = 200): string {
  const cut = text.length > max * 4 ? text.slice(0, max * 4) : text;
  // eslint-disable-next-line no-control-regex
  const escaped = cut.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : c === '\r' ? '\\r' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
  return escaped.length > max || cut !== text ? `${escaped.slice(0, max)}…` : escaped;
}
