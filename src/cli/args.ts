/**
 * Flag parsing with one-line, specific errors.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { readFileSync } from 'node:fs';
import { UsageError } from './usage.js';
import { type Config, DEFAULT_CONFIG, validateConfig } from '../system/config.js';

/** Parses `argv` for one command; unknown flags and missing values are UsageErrors. */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(command: string, argv: string[], options: T, positionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: positionals });
  } catch (e) {
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/^Unknown option/, 'unknown option');
    throw new UsageError(`${command}: ${msg}`);
  }
}

/** A non-negative integer flag value, or the default when absent. */
export function intFlag(name: string, v: string | undefined, dflt: number, min = 0): number {
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number, got "${v}"`);
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} must be at least ${min}, got ${v}`);
  return n;
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
