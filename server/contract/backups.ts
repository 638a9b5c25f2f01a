// Backups of the data folder, as the admin API lists them (GET /api/backups).

export interface BackupRow {
  /** The archive's file name in the backup folder, e.g. aec-backup-2024-05-01T03-00-00.000Z.tar.gz */
  file: string;
  /** When it was made, epoch ms. */
  at: number;
  bytes: number;
}
