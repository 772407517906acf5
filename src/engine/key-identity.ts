/**
 * A state identity for small models: a canonical key per state (a string
 * or bytes), hashed to 64 bits, with optional symmetry given as the
 * state's representative (the same state for every member of an orbit).
 */
import type { Fingerprint } from './hash-mix.js';
import { mixA, mixB, fmix } from './hash-mix.js';
import type { Fingerprinter, Identity } from './model.js';

/** 64 bits of `key` (UTF-16 code units or bytes), `extra` words mixed in. */
export function keyFingerprint(key: string | Uint8Array, extra?: ArrayLike<number>): Fingerprint {
  let a = 0x2545f491;
  let b = 0x9e3779b9 | 0;
  const n = key.length;
  if (typeof key === 'string')
    for (let i = 0; i < n; i++) {
      const c = key.charCodeAt(i);
      a = mixA(a, c);
      b = mixB(b, c);
    }
  else
    for (let i = 0; i < n; i++) {
      a = mixA(a, key[i]!);
      b = mixB(b, key[i]!);
    }
  a = mixA(a, n);
  b = mixB(b, n);
  if (extra)
    for (let j = 0; j < extra.length; j++) {
      a = mixA(a, extra[j]! | 0);
      b = mixB(b, extra[j]! | 0);
    }
  return { hi: fmix(a) >>> 0, lo: fmix(b ^ 0x5bd1e995) >>> 0 };
}

/**
 * The identity whose fingerprint is the hash of `key(s)`; under symmetry,
 * of `key(representative(s))`. Two states with equal keys are one state.
 */
export function keyIdentity<S>(key: (s: S) => string | Uint8Array, representative?: (s: S) => S): Identity<S> {
  return {
    fingerprinter(symmetry: boolean): Fingerprinter<S> {
      const canon = symmetry && representative ? representative : (s: S) => s;
      return { fingerprint: (s, extra) => keyFingerprint(key(canon(s)), extra) };
    },
  };
}
