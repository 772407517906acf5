/**
 * Flag parsing with one-line, specific errors.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { readFileSync } from 'node:fs';
import { UsageError } from './usage.js';
import { type Config, DEFAULT_CONFIG, validateConfig } from '../system/config.js';

/** Whether `argv` asks for help (`--help` or `-h` before any `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

/** Whether `v` would be taken for an option rather than a value (as node's parseArgs judges it). */
const optionLike = (v: string): boolean => v.length > 1 && v.startsWith('-');

/** What `parse` gives for the options `T`: node's parseArgs result. */
export type Parsed<T extends NonNullable<ParseArgsConfig['options']>> = ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: boolean }>>;

/**
 * Parses `argv` for one command; unknown flags and missing values are
 * UsageErrors. A value that looks like a negative number (`--seed -1`) is
 * passed on as the flag's value, so that the flag's own check names what
 * is wrong with it.
 */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(command: string, argv: string[], options: T, positionals = false): Parsed<T> {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      args.push(...argv.slice(i));
      break;
    }
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : undefined;
    const opt = name === undefined ? undefined : options[name];
    if (opt?.type !== 'string') {
      args.push(a);
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined || (optionLike(next) && !/^-\d/.test(next))) throw new UsageError(`${command}: --${name} needs a value`);
    args.push(`${a}=${next}`);
    i++;
  }
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: positionals });
  } catch (e) {
    const msg = (e as Error).message
      .split('\n')[0]!
      .replace(/\. To specify a positional argument.*$/, '')
      .replace(/^Unknown option/, 'unknown option')
      .replace(/^Unexpected argument (.*)\. This command does not take positional arguments$/, `unexpected argument $1 (${command} takes none)`)
      .replace(/^Option '(--[^' ]+)[^']*' does not take an argument$/, '$1 does not take a value')
      .replace(/\.$/, '');
    throw new UsageError(`${command}: ${msg}`);
  }
}

/**
 * A whole-number flag value from `min` to `max`, or the default when absent.
 * The bounds are the flag's real ones; the message names the one broken.
 */
export function intFlag(name: string, v: string | undefined, dflt: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number of at least ${min}, got ${/^-\d+$/.test(v) ? v : JSON.stringify(v)}`);
  const n = BigInt(v);
  if (n < BigInt(min)) throw new UsageError(`--${name} must be at least ${min}, got ${v}`);
  if (n > BigInt(max)) throw new UsageError(`--${name} must be at most ${max}, got ${v}`);
  return Number(n);
}

/** Loads and validates a config file, or returns the built-in default. */
export function loadConfig(file: string | undefined): { config: Config; name: string } {
  if (file === undefined) return { config: DEFAULT_CONFIG, name: 'default' };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read config ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`config ${file} is not JSON: ${(e as Error).message}`);
  }
  const v = validateConfig(raw);
  if (!v.ok) throw new UsageError(`config ${file}: ${v.error.problems.join('; ')}`);
  return { config: v.config, name: file };
}
