// A JournalIo whose disk can be made to fail on demand: ENOSPC after writing half the data
// (as a filling disk does), or EIO on fdatasync (the data may or may not be down).

import { nodeJournalIo, type JournalIo } from '../../../server/store/journal/journal-io';

export type Fault = { code: 'ENOSPC' | 'EIO'; on: 'write' | 'datasync' };

function errnoError(code: string, syscall: string): NodeJS.ErrnoException {
  const text = code === 'ENOSPC' ? 'no space left on device' : 'i/o error';
  const error: NodeJS.ErrnoException = new Error(`${code}: ${text}, ${syscall}`);
  error.code = code;
  error.syscall = syscall;
  return error;
}

export class FaultyIo implements JournalIo {
  fault: Fault | null = null;
  /** Calls that failed, to show the fault was really met. */
  failures = 0;

  async write(file: Parameters<JournalIo['write']>[0], data: Buffer, position: number): Promise<void> {
    if (this.fault?.on === 'write') {
      this.failures++;
      // Half a batch reaches the file before the disk is full: the retry must cut it off.
      await nodeJournalIo.write(file, data.subarray(0, Math.floor(data.length / 2)), position);
      throw errnoError(this.fault.code, 'write');
    }
    return nodeJournalIo.write(file, data, position);
  }

  async datasync(file: Parameters<JournalIo['datasync']>[0]): Promise<void> {
    if (this.fault?.on === 'datasync') {
      this.failures++;
      throw errnoError(this.fault.code, 'fdatasync');
    }
    return nodeJournalIo.datasync(file);
  }

  truncate(file: Parameters<JournalIo['truncate']>[0], size: number): Promise<void> {
    return nodeJournalIo.truncate(file, size);
  }
}
