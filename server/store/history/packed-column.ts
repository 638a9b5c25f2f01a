// One column of numbers in the snapshot file, packed: integers whose spread fits 8, 16 or 32
// bits are stored as offsets from the smallest (bucket indexes, minute counts, the times of a
// day), anything else as Float64. Exact either way; base64 of little-endian bytes.

export type PackedKind = 'u8' | 'u16' | 'u32' | 'f64';

export interface PackedColumn {
  kind: PackedKind;
  /** Added to every stored value (0 for f64). */
  min: number;
  data: string;
}

const ARRAYS = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array, f64: Float64Array } as const;
const LIMITS: [PackedKind, number][] = [['u8', 0xff], ['u16', 0xffff], ['u32', 0xffffffff]];

/** Packs `count` values read as `read(i)`. */
export function packColumn(count: number, read: (i: number) => number): PackedColumn {
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
  const out = new ARRAYS[kind](count);
  for (let i = 0; i < count; i++) out[i] = read(i) - base;
  return { kind, min: base, data: Buffer.from(out.buffer, out.byteOffset, out.byteLength).toString('base64') };
}

/** The `count` values of a packed column, or null when it is not one or holds another count. */
export function unpackColumn(value: unknown, count: number): Float64Array | null {
  if (typeof value !== 'object' || value === null) return null;
  const { kind, min, data } = value as Partial<PackedColumn>;
  if (typeof kind !== 'string' || !Object.hasOwn(ARRAYS, kind) || typeof min !== 'number' || !Number.isFinite(min) || typeof data !== 'string') return null;
  const Kind = ARRAYS[kind as PackedKind];
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length !== count * Kind.BYTES_PER_ELEMENT) return null;
  // Copied into a fresh array: a decoded Buffer may sit at an offset a wider array cannot start at.
  const stored = new Kind(count);
  new Uint8Array(stored.buffer).set(bytes);
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = stored[i]! + min;
  // Offsets from a finite base are finite; stored Float64 may hold NaN or Infinity.
  if (kind === 'f64') for (let i = 0; i < count; i++) if (!Number.isFinite(values[i])) return null;
  return values;
}
