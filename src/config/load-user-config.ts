/**
 * Finding and loading a user's `hvspec.config.{ts,mts,js,mjs}`: a
 * TypeScript config is loaded with tsx's module API, a JavaScript one by
 * Node itself. Whatever goes wrong inside the file (a syntax error, a throw
 * while it loads, a default export of the wrong shape) is one
 * UserConfigLoadError naming the file, and the line when it is known.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { NamespacedUnregister } from 'tsx/esm/api';
import { checkUserConfig, type UserConfig } from './define-config.js';

/** The file names looked for in the working directory, in order. */
export const USER_CONFIG_FILES = ['hvspec.config.ts', 'hvspec.config.mts', 'hvspec.config.js', 'hvspec.config.mjs'] as const;

/** Whether `file` is loaded as a module config (rather than read as JSON). */
export const isModuleConfig = (file: string): boolean => /\.(ts|mts|js|mjs)$/.test(file);

/** The first of USER_CONFIG_FILES in `dir`, if any. */
export function findUserConfig(dir: string): string | undefined {
  return USER_CONFIG_FILES.find((f) => existsSync(resolve(dir, f)));
}

/** A config module that cannot be used: the message is one line, naming the file (and line). */
export class UserConfigLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserConfigLoadError';
  }
}

/** The line of `path` that `e` points at: esbuild's `file:line:col:` or a stack frame in the file. */
function lineIn(e: unknown, path: string): number | undefined {
  const text = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : '';
  const name = basename(path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${name}(?:\\?[^:\\s)]*)?:(\\d+):\\d+`).exec(text);
  return m ? Number(m[1]) : undefined;
}

/** The first line of what `e` says, without esbuild's preamble and the file's own path. */
function firstLine(e: unknown, path: string): string {
  const msg = e instanceof Error ? e.message : String(e);
  const lines = msg.split('\n').filter((l) => l.trim() !== '' && !/^Transform failed with/.test(l));
  const line = (lines[0] ?? msg).replace(`${path}:`, '').replace(/^\d+:\d+: /, '').replace(/^ERROR: /, '');
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** The process's one tsx loader for ES module configs (a namespace of its own, so Node's own imports are untouched). */
let esLoader: NamespacedUnregister | undefined;
/** ES module configs loaded so far: each load's query makes it a fresh instance of the file. */
let loads = 0;

/** Whether Node loads the TypeScript file `path` as an ES module: a .mts file, or a .ts file whose nearest package.json says "type": "module". */
function isEsModule(path: string): boolean {
  if (path.endsWith('.mts')) return true;
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        return (JSON.parse(readFileSync(pkg, 'utf8')) as { type?: unknown }).type === 'module';
      } catch {
        return false;
      }
    }
    if (dirname(dir) === dir) return false;
  }
}

/**
 * The default export of the module at `path` (TypeScript through tsx).
 * Every load evaluates the file afresh. An ES module config shares one
 * loader with the configs loaded before it, so what it imports (hvspec
 * itself, the user's other modules) loads once per process, as any module
 * does; a CommonJS one gets a loader of its own per load.
 */
async function importConfig(path: string): Promise<unknown> {
  if (/\.m?ts$/.test(path)) {
    const { register, tsImport } = await import('tsx/esm/api');
    let mod: { default?: unknown };
    if (isEsModule(path)) {
      esLoader ??= register({ namespace: 'hvspec-config' });
      mod = (await esLoader.import(`${pathToFileURL(path).href}?load=${++loads}`, import.meta.url)) as { default?: unknown };
    } else mod = (await tsImport(pathToFileURL(path).href, import.meta.url)) as { default?: unknown };
    // A CommonJS-compiled config puts its exports under default.
    const d = mod.default as { default?: unknown; __esModule?: boolean } | undefined;
    return d && typeof d === 'object' && '__esModule' in d ? d.default : d;
  }
  return ((await import(pathToFileURL(path).href)) as { default?: unknown }).default;
}

/** Loads and checks the user config module at `file` (relative to the working directory). Throws UserConfigLoadError. */
export async function loadUserConfig(file: string): Promise<UserConfig> {
  const path = resolve(file);
  let config: unknown;
  try {
    config = await importConfig(path);
    if (config === undefined) throw new Error('it has no default export (export default defineConfig({ ... }))');
    checkUserConfig(config);
    return config;
  } catch (e) {
    const line = lineIn(e, path);
    throw new UserConfigLoadError(`config ${file}${line !== undefined ? `:${line}` : ''}: ${firstLine(e, path)}`);
  }
}
