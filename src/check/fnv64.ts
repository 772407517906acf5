/**
 * A short, stable content hash for ids (file names, policy identities);
 * not a security hash.
 */

/** FNV-1a 64-bit of a string, as 16 hex digits (stable ids; not a security hash). */
export function fnv64(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}
