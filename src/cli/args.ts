/**
 * Flag parsing with one-line, specific errors: each command declares its
 * flags as one schema (a FlagSpec per flag); a flag given twice, an
 * unknown flag, a missing value or a value out of its documented bounds
 * is a UsageError.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { UsageError, FLAG_BOUNDS } from './usage.js';
import { type Config, DEFAULT_CONFIG, validateConfig } from '../system/config.js';
import { readInputFile } from './read-input.js';
import { excerpt } from '../input/excerpt.js';
import { joinProblems } from '../input/issues.js';

/** Whether `argv` asks for help (`--help` or `-h` before any `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

/** One flag: how it is written (with a value or alone, once or repeated) and the schema of its value. */
export interface FlagSpec<T extends z.ZodType = z.ZodType> {
  readonly kind: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly schema: T;
}

/** A flag's value as an error quotes it: a negative number as typed, anything else as an escaped excerpt. */
const quote = (v: string): string => (/^-\d{1,30}$/.test(v) ? v : excerpt(v));

/** A flag with a free text value (a file, a name checked later). */
export const textFlag = (): FlagSpec<z.ZodOptional<z.ZodString>> => ({ kind: 'string', schema: z.string().optional() });

/** A flag without a value. */
export const switchFlag = (): FlagSpec<z.ZodOptional<z.ZodBoolean>> => ({ kind: 'boolean', schema: z.boolean().optional() });

/** A repeatable flag. */
export const repeatedFlag = (): FlagSpec<z.ZodOptional<z.ZodArray<z.ZodString>>> => ({ kind: 'string', multiple: true, schema: z.array(z.string()).optional() });

/** A flag whose value is one of `values`; `what` says what they are (`random, explore or all`). */
export const choiceFlag = <V extends string>(values: readonly [V, ...V[]], what: string) => ({
  kind: 'string' as const,
  schema: z.enum(values, { error: (i) => `must be ${what}, got ${quote(String(i.input))}` }).optional(),
});

/** A whole-number flag within its documented bounds (FLAG_BOUNDS); the message names the bound broken. */
export function countFlag(name: keyof typeof FLAG_BOUNDS) {
  return wholeNumberFlag(FLAG_BOUNDS[name]);
}

/** A whole-number flag from `min` to `max`; the message names the bound broken. */
export function wholeNumberFlag({ min, max }: { readonly min: number; readonly max: number }) {
  const schema = z
    .string()
    .regex(/^\d{1,30}$/, { error: (i) => `must be a whole number from ${min} to ${max}, got ${quote(String(i.input))}` })
    .transform((v) => BigInt(v))
    .pipe(
      z
        .bigint()
        .min(BigInt(min), { error: (i) => `must be at least ${min}, got ${String(i.input)}` })
        .max(BigInt(max), { error: (i) => `must be at most ${max}, got ${String(i.input)}` }),
    )
    .transform(Number);
  return { kind: 'string' as const, schema: schema.optional() };
}

/** `--runs`: a whole number within its bounds, or `auto` (as many runs as fit in the time budget). */
export function runsFlag() {
  const count = countFlag('runs').schema.unwrap();
  const schema = z.string().transform((v, ctx): number | 'auto' => {
    if (v === 'auto') return 'auto';
    const r = count.safeParse(v);
    if (r.success) return r.data;
    for (const i of r.error.issues) ctx.addIssue({ code: 'custom', message: i.message.replace(/^must be a whole number/, 'must be auto or a whole number') });
    return z.NEVER;
  });
  return { kind: 'string' as const, schema: schema.optional() };
}

/** `--max-seconds`: a time budget in seconds, a positive number with at most three decimals, up to a day. */
export const secondsFlag = () => ({
  kind: 'string' as const,
  schema: z
    .string()
    .regex(/^\d{1,5}(\.\d{1,3})?$/, { error: (i) => `must be a number of seconds such as 5 or 0.5, got ${quote(String(i.input))}` })
    .transform(Number)
    .pipe(z.number().positive({ error: () => 'must be more than 0' }).max(MAX_SECONDS, { error: (i) => `must be at most ${MAX_SECONDS} (a day), got ${String(i.input)}` }))
    .optional(),
});

/** The largest `--max-seconds`: a day. */
export const MAX_SECONDS = 86_400;

/** The longest `--path` accepted (a path has one number per shrink step; real ones take a few hundred characters). */
export const PATH_MAX = 10_000;

/** A fast-check replay path (`--path 112:6:0`): whole numbers separated by colons. */
export const pathFlag = () => ({
  kind: 'string' as const,
  schema: z
    .string()
    .max(PATH_MAX, { error: `must be at most ${PATH_MAX} characters` })
    .regex(/^\d{1,10}(:\d{1,10})*$/, { error: (i) => `must be whole numbers separated by colons, as a counterexample prints it (such as 112:6:0), got ${quote(String(i.input))}` })
    .optional(),
});

/** The values a command's flags parse to. */
export type FlagValues<S extends Record<string, FlagSpec>> = { [K in keyof S]: z.output<S[K]['schema']> };

/** Whether `v` would be taken for an option rather than a value (as node's parseArgs judges it). */
const optionLike = (v: string): boolean => v.length > 1 && v.startsWith('-');

/**
 * Parses `argv` for one command against its flags: unknown flags, missing
 * values, a single-valued flag given twice and values outside their schema
 * are UsageErrors. A value that looks like a negative number (`--seed -1`)
 * is passed on as the flag's value, so that the flag's own check names
 * what is wrong with it. `before` sees the raw values first (for rules
 * between flags that take precedence over the values' own checks).
 */
export function parseFlags<S extends Record<string, FlagSpec>>(
  command: string,
  argv: readonly string[],
  flags: S,
  { positionals = false, before }: { positionals?: boolean; before?: (raw: Record<string, unknown>) => void } = {},
): { values: FlagValues<S>; positionals: string[] } {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      args.push(...argv.slice(i));
      break;
    }
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : undefined;
    const spec = name === undefined || !Object.hasOwn(flags, name) ? undefined : flags[name];
    if (spec?.kind !== 'string') {
      args.push(a);
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined || (optionLike(next) && !/^-\d/.test(next))) throw new UsageError(`${command}: --${name} needs a value`);
    args.push(`${a}=${next}`);
    i++;
  }
  const options = Object.fromEntries(Object.entries(flags).map(([k, f]) => [k, { type: f.kind, multiple: f.multiple ?? false }]));
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; tokens: true; allowPositionals: boolean; strict: true }>>;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: positionals, tokens: true });
  } catch (e) {
    const msg = excerpt((e as Error).message.split('\n')[0]!, 200)
      .replace(/^"|"$/g, '')
      .replace(/\. To specify a positional argument.*$/, '')
      .replace(/^Unknown option/, 'unknown option')
      .replace(/^Unexpected argument (.*)\. This command does not take positional arguments$/, `unexpected argument $1 (${command} takes none)`)
      .replace(/^Option '(--[^' ]+)[^']*' does not take an argument$/, '$1 does not take a value')
      .replace(/\.$/, '');
    throw new UsageError(`${command}: ${msg}`);
  }
  const given = new Map<string, number>();
  for (const t of parsed.tokens ?? []) if (t.kind === 'option') given.set(t.name, (given.get(t.name) ?? 0) + 1);
  for (const [name, n] of given) if (n > 1 && !flags[name]!.multiple) throw new UsageError(`${command}: --${name} is given ${n} times; it takes one value`);
  const raw = parsed.values as Record<string, unknown>;
  before?.(raw);
  const schema = z.object(Object.fromEntries(Object.entries(flags).map(([k, f]) => [k, f.schema])));
  const r = schema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new UsageError(`--${String(i.path[0])} ${i.message}`);
  }
  return { values: r.data as FlagValues<S>, positionals: parsed.positionals };
}

/** Loads and validates a config file (a regular file of at most 16 MiB), or returns the built-in default. */
export function loadConfig(file: string | undefined): { config: Config; name: string } {
  if (file === undefined) return { config: DEFAULT_CONFIG, name: 'default' };
  const text = readInputFile(file, 'config');
  const name = excerpt(file, 120).replace(/^"|"$/g, '');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`config ${name} is not JSON: ${excerpt((e as Error).message, 200).replace(/^"|"$/g, '')}`);
  }
  const v = validateConfig(raw);
  if (!v.ok) throw new UsageError(`config ${name}: ${joinProblems(v.error.problems)}`);
  return { config: v.config, name };
}
