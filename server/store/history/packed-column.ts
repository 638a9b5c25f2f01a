// One column of numbers in the snapshot file, packed: integers whose spread fits 8, 16 or 32
// bits are stored as offsets from the smallest (bucket indexes, minute counts, the times of a
// day), anything else as Float64. Exact either way; base64 of little-endian bytes.
// Packing and unpacking go through a Scratch that a whole snapshot or load reuses: a day of
// history is thousands of columns, and a fresh Buffer and typed array for each left ~100 MB of
// short-lived memory outside the heap that the process kept resident after a start.

export type PackedKind = 'u8' | 'u16' | 'u32' | 'f64';

export interface PackedColumn {
  kind: PackedKind;
  /** Added to every stored value (0 for f64). */
  min: number;
  data: string;
}

const ARRAYS = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array, f64: Float64Array } as const;
const LIMITS: [PackedKind, number][] = [['u8', 0xff], ['u16', 0xffff], ['u32', 0xffffffff]];

/** Growable buffers reused from one column to the next; contents are undefined between uses. */
export class Scratch {
  private memory = new ArrayBuffer(0);
  private bytes = Buffer.from(this.memory);
  private readonly floats: Float64Array[] = [];

  /** At least `n` bytes, as a Buffer and as the ArrayBuffer it starts at offset 0 of (so any typed array can view it). */
  buffer(n: number): { bytes: Buffer; memory: ArrayBuffer } {
    if (this.bytes.length < n) {
      this.memory = new ArrayBuffer(Math.max(n, this.bytes.length * 2));
      this.bytes = Buffer.from(this.memory);
    }
    return { bytes: this.bytes, memory: this.memory };
  }

  /** Float64 array number `k`, at least `n` long (several are in use at once). */
  float64(k: number, n: number): Float64Array {
    const have = this.floats[k];
    if (have && have.length >= n) return have;
    const grown = new Float64Array(Math.max(n, (have?.length ?? 0) * 2));
    this.floats[k] = grown;
    return grown;
  }
}

/** Packs `count` values read as `read(i)`. */
export function packColumn(count: number, read: (i: number) => number, scratch = new Scratch()): PackedColumn {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let integers = true;
  for (let i = 0; i < count; i++) {
    const v = read(i);
    if (v < min) min = v;
    if (v > max) max = v;
    if (integers && !Number.isSafeInteger(v)) integers = false;
  }
  const fit = integers && count > 0 ? LIMITS.find(([, limit]) => max - min <= limit) : undefined;
  const kind: PackedKind = fit ? fit[0] : 'f64';
  const base = kind === 'f64' ? 0 : min;
  const Kind = ARRAYS[kind];
  const { bytes, memory } = scratch.buffer(count * Kind.BYTES_PER_ELEMENT);
  const out = new Kind(memory, 0, count);
  for (let i = 0; i < count; i++) out[i] = read(i) - base;
  return { kind, min: base, data: bytes.toString('base64', 0, count * Kind.BYTES_PER_ELEMENT) };
}

/**
 * The `count` values of a packed column, or null when it is not one or holds another count.
 * Written into `into` (at least `count` long) when given, and the view returned is then only
 * good until `into` is used again.
 */
export function unpackColumn(value: unknown, count: number, into?: Float64Array, scratch = new Scratch()): Float64Array | null {
  if (typeof value !== 'object' || value === null) return null;
  const { kind, min, data } = value as Partial<PackedColumn>;
  if (typeof kind !== 'string' || !Object.hasOwn(ARRAYS, kind) || typeof min !== 'number' || !Number.isFinite(min) || typeof data !== 'string') return null;
  const Kind = ARRAYS[kind as PackedKind];
  // Decoded straight into the scratch (offset 0, so a wider array can view it); the estimate is
  // exact for good base64 and an upper bound for anything else.
  const { bytes, memory } = scratch.buffer(Buffer.byteLength(data, 'base64'));
  if (bytes.write(data, 0, 'base64') !== count * Kind.BYTES_PER_ELEMENT) return null;
  const stored = new Kind(memory, 0, count);
  const values = into ? into.subarray(0, count) : new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = stored[i]! + min;
  // Offsets from a finite base are finite; stored Float64 may hold NaN or Infinity.
  if (kind === 'f64') for (let i = 0; i < count; i++) if (!Number.isFinite(values[i])) return null;
  return values;
}
