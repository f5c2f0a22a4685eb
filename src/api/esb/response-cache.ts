import { paramsKey } from './call.js';

/** What the cache needs of the store: see Store.changeStamp. */
export interface ChangeStamped {
  changeStamp(): string | undefined;
}

/** A read call's cached answer, or how to keep the one about to be computed. */
export interface Lookup {
  hit: Buffer | undefined;
  /** serialises the answer, keeps it under the stamp read before it was computed, and answers the bytes */
  keep(data: unknown): Buffer;
}

/** A key is a JS string (2 bytes a character); an answer, its bytes. */
const sizeOf = (key: string, data: Buffer) => 2 * key.length + data.length;

/**
 * The serialised answers (UTF-8, ready for the socket) of read calls, by call and parameters, for as long
 * as the store's change stamp stays the same (see Store.changeStamp): any write, by any process, empties it.
 * Bounded by the bytes it holds; the least recently used answers go first.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Buffer>();
  private stamp: string | undefined;
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  /**
   * The stamp is read here, before the caller computes the answer: an answer is never kept under a stamp newer
   * than the data it was computed from. Undefined when nothing can be cached (no stamp, parameters too deep).
   */
  lookup(callName: string, body: unknown, store: ChangeStamped): Lookup | undefined {
    const stamp = store.changeStamp();
    const key = stamp === undefined ? undefined : paramsKey(callName, body);
    if (stamp === undefined || key === undefined) return undefined;
    return {
      hit: this.get(key, stamp),
      keep: (data) => {
        const bytes = Buffer.from(JSON.stringify(data));
        this.set(key, stamp, bytes);
        return bytes;
      },
    };
  }

  get(key: string, stamp: string): Buffer | undefined {
    if (stamp !== this.stamp) return undefined;
    const data = this.entries.get(key);
    if (data !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, data);
    }
    return data;
  }

  /** `stamp` is the one read before the answer was computed. */
  set(key: string, stamp: string, data: Buffer): void {
    if (stamp !== this.stamp) {
      this.entries.clear();
      this.bytes = 0;
      this.stamp = stamp;
    }
    const size = sizeOf(key, data);
    // One answer may take an eighth of the room at most, so a few huge ones can't keep flushing the rest.
    if (size > this.maxBytes / 8) return;
    const old = this.entries.get(key);
    if (old !== undefined) this.bytes -= sizeOf(key, old);
    this.entries.set(key, data);
    this.bytes += size;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= sizeOf(k, v);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
