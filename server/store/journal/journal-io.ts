import type { FileHandle } from 'node:fs/promises';

/**
 * The three calls the journal makes on its hot path. Injectable so tests can count syncs and
 * make the disk fail (EIO, ENOSPC) on demand.
 */
export interface JournalIo {
  /** Writes all of `data` at byte `position`. */
  write(file: FileHandle, data: Buffer, position: number): Promise<void>;
  /** fdatasync: the data (and the size) are on the disk when this resolves. */
  datasync(file: FileHandle): Promise<void>;
  truncate(file: FileHandle, size: number): Promise<void>;
}

export const nodeJournalIo: JournalIo = {
  async write(file, data, position) {
    let done = 0;
    // A single write may be short (signals, large buffers): loop until all of it is down.
    while (done < data.length) {
      const { bytesWritten } = await file.write(data, done, data.length - done, position + done);
      if (bytesWritten <= 0) throw new Error('write made no progress');
      done += bytesWritten;
    }
  },
  datasync: (file) => file.datasync(),
  truncate: (file, size) => file.truncate(size),
};
