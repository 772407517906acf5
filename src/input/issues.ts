/**
 * Schema issues as the one-line problems hvspec prints: the field's path
 * (`partitions[1].vps`) followed by what it must be and what it is.
 */
import type { z } from 'zod';
import { excerpt } from './excerpt.js';

/** A path as a reader writes it: `partitions[1].dynamicMemory.minPages` ('' for the whole value). */
export function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : `${out === '' ? '' : '.'}${excerpt(String(k), 40).replace(/^"|"$/g, '')}`;
  return out;
}

/** Whether the issue is about fields the schema does not know. */
const isUnknownKeys = (i: z.core.$ZodIssue): i is z.core.$ZodIssueUnrecognizedKeys => i.code === 'unrecognized_keys';

/** Unknown names listed in one problem at most; the rest are counted. */
const KEYS_SHOWN = 5;

/**
 * The problems of a failed parse, one per field: unknown fields first
 * (`unknown field "colour"`, `partitions[0] has unknown field "x"`), then
 * one problem for each other field, in the schema's order, as
 * `PATH MESSAGE` (messages are written without their path); problems of
 * the whole value (cross-field rules) are each kept.
 */
export function problemLines(issues: readonly z.core.$ZodIssue[]): string[] {
  const unknown: string[] = [];
  const rest: string[] = [];
  const seen = new Set<string>();
  // A refinement's problem on a field (a bound that depends on another field) is more specific than the field's own check.
  const refined = new Map<string, string>();
  for (const i of issues) if (i.code === 'custom' && i.path.length > 0 && !refined.has(pathText(i.path))) refined.set(pathText(i.path), i.message);
  for (const i of issues) {
    const where = pathText(i.path);
    if (isUnknownKeys(i)) {
      const names = i.keys.slice(0, KEYS_SHOWN).map((k) => excerpt(k, 40));
      const more = i.keys.length > KEYS_SHOWN ? ` and ${i.keys.length - KEYS_SHOWN} more` : '';
      const fields = `field${i.keys.length === 1 ? '' : 's'} ${names.join(', ')}${more}`;
      unknown.push(where === '' ? `unknown ${fields}` : `${where} has unknown ${fields}`);
      continue;
    }
    if (where === '') {
      rest.push(i.message);
      continue;
    }
    if (seen.has(where)) continue;
    seen.add(where);
    rest.push(`${where} ${refined.get(where) ?? i.message}`);
  }
  return [...unknown, ...rest];
}

/** Problems listed in one error line at most; the rest are counted. */
export const PROBLEMS_SHOWN = 8;

/** Problems as one line: `a; b; c`, the first PROBLEMS_SHOWN of them and how many more. */
export function joinProblems(problems: readonly string[]): string {
  const more = problems.length - PROBLEMS_SHOWN;
  return problems.slice(0, PROBLEMS_SHOWN).join('; ') + (more > 0 ? `; and ${more} more problem${more === 1 ? '' : 's'}` : '');
}
