/**
 * The quarantine ledger: the names of the files hvspec moved into
 * `.hvspec/failures/quarantine/`, so that `hvspec failures clear` removes
 * those and nothing a user put there. The ledger is rewritten whole on
 * each move; a ledger that cannot be written or read only means a file is
 * kept, never that another is removed.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { type FileSystem, nodeFs } from '../files/fs-seam.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { readRegularFile } from '../files/read-regular.js';

/** The ledger's file name inside the quarantine folder. */
export const QUARANTINE_LEDGER = '.hvspec-quarantined.json';

/** Largest ledger read. */
const LEDGER_MAX_BYTES = 4 * 1024 * 1024;

const LEDGER = z.strictObject({ format: z.literal('hvspec-quarantine'), version: z.literal(1), files: z.array(z.string()) });

/** The names hvspec recorded as moved into `qdir`; undefined when there is no ledger or it is not one of hvspec's. */
export function quarantinedNames(qdir: string, fs: FileSystem = nodeFs): readonly string[] | undefined {
  try {
    const r = LEDGER.safeParse(JSON.parse(readRegularFile(join(qdir, QUARANTINE_LEDGER), LEDGER_MAX_BYTES, fs)));
    return r.success ? r.data.files : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the ledger of `qdir` with `names` (throws WriteError). */
export function writeLedger(qdir: string, names: readonly string[], fs: FileSystem = nodeFs): void {
  const text = `${JSON.stringify({ format: 'hvspec-quarantine', version: 1, files: [...new Set(names)].sort() }, null, 2)}\n`;
  writeFileAtomic(join(qdir, QUARANTINE_LEDGER), text, { root: qdir, fs });
}

/** Adds `name` to the ledger of `qdir`; a ledger that cannot be written is left as it was (the file is then kept by a clear). */
export function recordQuarantined(qdir: string, name: string, fs: FileSystem = nodeFs): void {
  try {
    writeLedger(qdir, [...(quarantinedNames(qdir, fs) ?? []), name], fs);
  } catch {
    // The move stands; without a record the file is only never cleared.
  }
}
