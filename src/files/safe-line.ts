/**
 * Text from a file or an error, made safe to print as part of one line:
 * control characters (newlines, NUL, terminal escapes) escaped as input
 * excerpts are (`\u001b`), and cut to a short length.
 */
import { cut, escapeUnsafe } from '../input/excerpt.js';

/** `text` on one line with control characters escaped, at most `max` characters (then `…`). */
export function safeLine(text: string, max = 200): string {
  // Only the head can show: escaping a huge text whole would cost for nothing.
  const head = text.length > max * 6 ? text.slice(0, max * 6) : text;
  const line = cut(escapeUnsafe(head), max);
  return head !== text && !line.endsWith('…') ? `${line.slice(0, -1)}…` : line;
}
