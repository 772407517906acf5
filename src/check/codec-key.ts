/**
 * A state's identity under a model's byte codec, for the explorer: the
 * 64-bit hash of its key bytes (its orbit's under symmetry, a portable
 * codec's `writeKey`, else its `write` bytes) with the liveness countdowns
 * appended, and the bytes a frontier keeps (`write`'s, to be read back).
 */
import { ByteWriter, hashBytes } from '../engine/bytes.js';
import type { Fingerprint } from '../engine/hash-mix.js';
import type { StateCodec } from '../engine/model.js';

/** Keys and frontier bytes of states under one codec. */
export class CodecKeys<S> {
  private readonly keyBytes = new ByteWriter();
  private readonly plainBytes = new ByteWriter();
  private readonly out = new Uint32Array(2);
  /** Whether the key bytes are not the frontier's (an orbit's, a portable codec's). */
  private readonly separate: boolean;

  constructor(private readonly codec: StateCodec<S>) {
    this.separate = codec.writeCanonical !== undefined || codec.writeKey !== undefined;
  }

  /** The identity of `s` with countdowns `cd`. */
  key(s: S, cd: ArrayLike<number>): Fingerprint {
    const w = this.keyBytes;
    const c = this.codec;
    w.reset();
    if (c.writeCanonical) c.writeCanonical(w, s);
    else if (c.writeKey) c.writeKey(w, s);
    else c.write(w, s);
    const n = w.length;
    for (let i = 0; i < cd.length; i++) w.byte(cd[i]! & 0xff);
    hashBytes(w.buf, 0, w.length, this.out);
    w.length = n;
    return { hi: this.out[0]!, lo: this.out[1]! };
  }

  /** The frontier's bytes of `s`, which `key` was last given: a writer whose `buf[0..length)` they are (valid until the next call). */
  frontierBytes(s: S): ByteWriter {
    if (!this.separate) return this.keyBytes;
    this.plainBytes.reset();
    this.codec.write(this.plainBytes, s);
    return this.plainBytes;
  }
}
