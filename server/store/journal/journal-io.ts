import { fdatasync, write } from 'node:fs';
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

// The write and the sync go through the descriptor's callback calls: FileHandle's promise
// methods cost several times more on the main thread, twice per group commit.
export const nodeJournalIo: JournalIo = {
  async write(file, data, position) {
    let done = 0;
    // A single write may be short (signals, large buffers): loop until all of it is down.
    while (done < data.length) {
      const written = await writeAt(file.fd, data, done, position + done);
      if (written <= 0) throw new Error('write made no progress');
      done += written;
    }
  },
  datasync: (file) =>
    new Promise<void>((resolve, reject) => {
      fdatasync(file.fd, (error) => (error ? reject(error) : resolve()));
    }),
  truncate: (file, size) => file.truncate(size),
};

function writeAt(fd: number, data: Buffer, offset: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    write(fd, data, offset, data.length - offset, position, (error, written) => (error ? reject(error) : resolve(written)));
  });
}
