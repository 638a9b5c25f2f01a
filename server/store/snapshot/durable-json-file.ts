// A lowdb adapter whose write survives kill -9 and power loss: lowdb's own JSONFile (steno)
// renames without fsync, and JSONFilePreset goes memory-only under NODE_ENV=test.

import { open, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';
import { fsyncDir } from '../durable-file';
import { errnoCode } from '../types';
import { placeDeferred, readDeferred } from './deferred-members';
import { TRAILER_BYTES, hasChecksumTrailer } from './snapshot-checksum';

/** The file exists but is not usable JSON: it must be moved aside, never overwritten. */
export class CorruptFileError extends Error {
  constructor(
    readonly file: string,
    readonly why: string,
  ) {
    super(`${file} ${why}`);
    this.name = 'CorruptFileError';
  }
}

export interface DurableJsonFileOptions<T> {
  /** Before the new file lands, the current one is renamed to this path (one older generation). */
  previous?: string;
  /** Called once the current file has been renamed to `previous`. */
  onDemoted?: () => void;
  /** Called once `data` is durably in place. Calls come in write order. */
  onLanded?: (data: T) => void;
}

let tempCounter = 0;

export class DurableJsonFile<T> implements Adapter<T> {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly opts: DurableJsonFileOptions<T> = {},
  ) {}

  /**
   * null when the file does not exist; CorruptFileError when it is empty or not JSON. Members a
   * snapshot wrote deferred are left unparsed, as JsonText (deferred-members.ts).
   */
  async read(): Promise<T | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.file);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return null;
      throw err;
    }
    const deferred = hasChecksumTrailer(bytes) ? readDeferred(bytes, TRAILER_BYTES) : null;
    if (deferred) {
      const value = parseObject(deferred.head);
      if (value !== null && placeDeferred(value, deferred.members)) return value as T;
      // The list of deferred members is damaged, or lies: the whole file says which.
    }
    const text = bytes.toString('utf8');
    if (text.trim() === '') throw new CorruptFileError(this.file, 'is empty');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new CorruptFileError(this.file, `is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
    }
    // lowdb treats a falsy value as "no file"; a file holding one is damaged, not absent.
    if (typeof value !== 'object' || value === null) throw new CorruptFileError(this.file, 'does not hold a JSON object');
    return value as T;
  }

  /**
   * Serialises at once (the caller may change `data` right after), then writes a temp file in
   * the same folder, fsyncs it, renames it over the target and fsyncs the folder. Writes are
   * applied in call order.
   */
  write(data: T): Promise<void> {
    const text = JSON.stringify(data);
    const done = this.chain.then(() => this.land(text)).then(() => this.opts.onLanded?.(data));
    this.chain = done.catch(() => undefined);
    return done;
  }

  /**
   * Like `write`, for a text made piece by piece (a big snapshot), given as its UTF-8 bytes: the
   * pieces are pulled and written a few milliseconds at a time, the event loop running in
   * between, never held whole.
   */
  writePieces(pieces: Iterable<Uint8Array>, landed: () => void): Promise<void> {
    const done = this.chain.then(() => this.land((handle) => writeInSlices(handle, pieces))).then(landed);
    this.chain = done.catch(() => undefined);
    return done;
  }

  private async land(body: string | ((handle: FileHandle) => Promise<void>)): Promise<void> {
    const dir = path.dirname(this.file);
    const temp = `${this.file}.tmp-${process.pid}-${++tempCounter}`;
    try {
      const handle = await open(temp, 'w');
      try {
        if (typeof body === 'string') await handle.writeFile(body, 'utf8');
        else await body(handle);
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (this.opts.previous) {
        try {
          await rename(this.file, this.opts.previous);
          this.opts.onDemoted?.();
        } catch (err) {
          if (errnoCode(err) !== 'ENOENT') throw err;
        }
      }
      await rename(temp, this.file);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    await fsyncDir(dir);
  }
}

/** Work between two turns of the event loop, and bytes gathered before one write. */
const SLICE_MS = 4;
const WRITE_BYTES = 1 << 20;

async function writeInSlices(handle: FileHandle, pieces: Iterable<Uint8Array>): Promise<void> {
  let buffered: Uint8Array[] = [];
  let size = 0;
  let sliceStart = performance.now();
  for (const piece of pieces) {
    buffered.push(piece);
    size += piece.byteLength;
    if (size >= WRITE_BYTES) {
      await handle.writeFile(Buffer.concat(buffered, size));
      // Flushed a piece at a time: a whole snapshot flushed at the end (40 MB at 100,000
      // viewers and a day of history) fills the disk's queue, and every journal sync, so every
      // callback's answer, waits behind it.
      await handle.datasync();
      buffered = [];
      size = 0;
      sliceStart = performance.now();
    } else if (performance.now() - sliceStart > SLICE_MS) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
  if (size > 0) await handle.writeFile(Buffer.concat(buffered, size));
}

function parseObject(text: string): object | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : null;
  } catch {
    return null;
  }
}
