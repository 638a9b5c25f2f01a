/** A backup or restore that cannot go on for a reason the operator can fix: said in one line. */
export class BackupError extends Error {
  override name = 'BackupError';
}
