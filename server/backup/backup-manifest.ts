// The first entry of every backup archive: what it is and what it holds, so a restore can refuse
// an archive that is not ours before touching the data folder.

import { z } from 'zod';

export const MANIFEST_FILE = 'aec-backup.json';

export const backupManifestSchema = z.object({
  format: z.literal(1),
  app: z.literal('aec-live-monitor'),
  /** Epoch ms when the backup was taken. */
  createdAt: z.number(),
  /** The data folder it was taken from, for the operator's information. */
  dataDir: z.string(),
  /** Journal seq of the newest snapshot in it; the journal in it continues from there. */
  snapshotSeq: z.number().int().nonnegative().nullable(),
  journalSegments: z.number().int().nonnegative(),
  auditFiles: z.number().int().nonnegative(),
});

export type BackupManifest = z.infer<typeof backupManifestSchema>;

export function parseManifest(text: string): BackupManifest | null {
  try {
    const parsed = backupManifestSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
