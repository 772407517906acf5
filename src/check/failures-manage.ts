/**
 * Managing the failure store (`hvspec failures list|clear`): what is saved
 * under `.hvspec/failures/`, read without moving anything, and removing
 * exactly hvspec's own files there: the files that decode as saved
 * failures, and the files the quarantine ledger says hvspec moved into
 * the quarantine folder. Nothing else in either folder is touched, and
 * nothing is removed through a symbolic link.
 */
import { join } from 'node:path';
import { FAILURES_DIR, QUARANTINE, SAVED_FAILURE_MAX_BYTES } from './failures.js';
import { type TraceFile, decodeTrace } from './trace-file.js';
import { QUARANTINE_LEDGER, quarantinedNames } from './quarantine-ledger.js';
import type { Fault } from '../faults/fault.js';
import { type FileSystem, nodeFs } from '../files/fs-seam.js';
import { readRegularFile } from '../files/read-regular.js';
import { assertFolderInside } from '../files/inside.js';

/** What the failure store holds. */
export interface FailureListing {
  /** The saved failures, in file name order (the order a check replays them). */
  readonly saved: readonly { readonly file: string; readonly trace: TraceFile }[];
  /** `.json` files that are not usable saved failures (the next check moves them to the quarantine folder). */
  readonly unusable: readonly { readonly file: string; readonly why: string }[];
  /** The files in the quarantine folder (its ledger left out). */
  readonly quarantined: readonly string[];
}

const isMissing = (e: unknown): boolean => ['ENOENT', 'ENOTDIR'].includes(String((e as NodeJS.ErrnoException).code));

/** The names in `dir`, sorted; none when it does not exist. */
function names(dir: string, fs: FileSystem): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch (e) {
    if (isMissing(e)) return [];
    throw e;
  }
}

/** Whether `file` is a regular file (not followed if it is a link). */
function isRegular(file: string, fs: FileSystem): boolean {
  try {
    return fs.lstatSync(file).isFile();
  } catch {
    return false;
  }
}

/** The saved failure in `file`, or why it is not one. */
function read(file: string, catalogue: readonly Fault[], properties: readonly string[], fs: FileSystem): { trace: TraceFile } | { why: string } | undefined {
  if (!isRegular(file, fs)) return { why: 'not a regular file' };
  try {
    return { trace: decodeTrace(readRegularFile(file, SAVED_FAILURE_MAX_BYTES, fs), catalogue, properties) };
  } catch (e) {
    if (isMissing(e)) return undefined; // removed meanwhile
    return { why: e instanceof Error ? e.message : String(e) };
  }
}

/** Where the store is, and the properties a config module adds to the built-in ones (a saved failure may name one). */
export interface StoreOptions {
  readonly dir?: string;
  readonly fs?: FileSystem;
  readonly properties?: readonly string[];
}

/** Lists the failure store in `dir` (default `.hvspec/failures`); moves and writes nothing. `catalogue` holds the faults a saved failure may name (a config module's too). */
export function listFailures(catalogue: readonly Fault[], { dir = FAILURES_DIR, fs = nodeFs, properties = [] }: StoreOptions = {}): FailureListing {
  const saved: { file: string; trace: TraceFile }[] = [];
  const unusable: { file: string; why: string }[] = [];
  for (const n of names(dir, fs).filter((x) => x.endsWith('.json'))) {
    const file = join(dir, n);
    const r = read(file, catalogue, properties, fs);
    if (r === undefined) continue;
    if ('trace' in r) saved.push({ file, trace: r.trace });
    else unusable.push({ file, why: r.why });
  }
  const quarantined = names(join(dir, QUARANTINE), fs)
    .filter((n) => n !== QUARANTINE_LEDGER)
    .map((n) => join(dir, QUARANTINE, n));
  return { saved, unusable, quarantined };
}

/** What a clear removed, and what it left. */
export interface ClearResult {
  /** Saved failures removed. */
  readonly removed: readonly string[];
  /** Quarantined files removed (those hvspec moved there). */
  readonly removedFromQuarantine: readonly string[];
  /** Files left in place because hvspec did not write them (or cannot tell that it did). */
  readonly kept: readonly string[];
}

/**
 * Removes hvspec's own files from the failure store in `dir` (default
 * `.hvspec/failures`, which must be reached from `root` without a link
 * out of it): every regular `.json` file that decodes as a saved failure,
 * and every regular file the quarantine ledger records (then the ledger,
 * and the quarantine folder if that leaves it empty). Throws the system
 * error of a file that cannot be removed, or a WriteError for a folder
 * reached through a link.
 */
export function clearFailures(catalogue: readonly Fault[], { dir = FAILURES_DIR, root = '.', fs = nodeFs, properties = [] }: StoreOptions & { readonly root?: string } = {}): ClearResult {
  const removed: string[] = [];
  const removedFromQuarantine: string[] = [];
  const kept: string[] = [];
  if (names(dir, fs).length === 0) return { removed, removedFromQuarantine, kept };
  assertFolderInside(root, dir, fs);
  const qdir = join(dir, QUARANTINE);
  for (const n of names(dir, fs)) {
    const file = join(dir, n);
    if (n === QUARANTINE && fs.lstatSync(file).isDirectory()) continue; // cleared below
    const r = n.endsWith('.json') ? read(file, catalogue, properties, fs) : { why: 'not a saved failure' };
    if (r === undefined) continue; // removed meanwhile
    if ('trace' in r) {
      fs.unlinkSync(file);
      removed.push(file);
    } else kept.push(file);
  }
  const inQuarantine = names(qdir, fs);
  if (inQuarantine.length > 0) {
    assertFolderInside(root, qdir, fs);
    const ours = new Set(quarantinedNames(qdir, fs) ?? []);
    for (const n of inQuarantine) {
      if (n === QUARANTINE_LEDGER) continue;
      const file = join(qdir, n);
      if (ours.has(n) && isRegular(file, fs)) {
        fs.unlinkSync(file);
        removedFromQuarantine.push(file);
      } else kept.push(file);
    }
    if (quarantinedNames(qdir, fs) !== undefined) fs.unlinkSync(join(qdir, QUARANTINE_LEDGER));
    else if (inQuarantine.includes(QUARANTINE_LEDGER)) kept.push(join(qdir, QUARANTINE_LEDGER));
    try {
      fs.rmdirSync(qdir);
    } catch {
      // Not empty: what is left is not hvspec's.
    }
  }
  return { removed, removedFromQuarantine, kept };
}
