// `npm run backup -- --data-dir D --to FILE` and `npm run restore -- --from FILE --data-dir D`.
// A backup may be taken while a server runs on the folder; a restore refuses a folder in use.

import { parseArgs } from 'node:util';
import { defaultDataDir } from '../main/config';
import { makeBackup } from './make-backup';
import { restoreBackup } from './restore-backup';

const BACKUP_USAGE = `Usage: npm run backup -- --to <file.tar.gz> [--data-dir <path>]
  Writes a consistent archive of the data folder (snapshots, journal, settings, audit log),
  also while the server runs on it. --data-dir defaults to AEC_DATA_DIR, then the app's folder.`;

const RESTORE_USAGE = `Usage: npm run restore -- --from <file.tar.gz> [--data-dir <path>] [--force]
  Unpacks a backup into the data folder. Refuses a folder a server is using, and one that
  holds data unless --force (its data is then moved aside into replaced-<time>/, not deleted).`;

type Values = Record<string, string | boolean | undefined>;

function parse(argv: string[], options: Record<string, { type: 'string' | 'boolean' }>, usage: string): Values | null {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean' } }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    return null;
  }
}

function dataDirOf(values: Values): string {
  const given = values['data-dir'];
  if (typeof given === 'string' && given.trim() !== '') return given.trim();
  const fromEnv = process.env.AEC_DATA_DIR;
  return fromEnv && fromEnv.trim() !== '' ? fromEnv.trim() : defaultDataDir();
}

/** Known, operator-fixable failures get one line and exit code 2. */
async function reporting(work: () => Promise<void>): Promise<number> {
  try {
    await work();
    return 0;
  } catch (error) {
    const known = error instanceof Error && (error.name === 'BackupError' || error.name === 'DataDirLockedError');
    if (!known) throw error;
    console.error(`aec-live-monitor: ${(error as Error).message}`);
    return 2;
  }
}

export async function runBackupCommand(argv: string[]): Promise<number> {
  const values = parse(argv, { 'data-dir': { type: 'string' }, to: { type: 'string' } }, BACKUP_USAGE);
  if (!values) return 2;
  if (values.help) return (console.log(BACKUP_USAGE), 0);
  if (typeof values.to !== 'string' || values.to.trim() === '') return (console.error(`--to is required\n\n${BACKUP_USAGE}`), 2);
  const to = values.to.trim();
  const dataDir = dataDirOf(values);
  return reporting(async () => {
    const made = await makeBackup(dataDir, to);
    const { snapshotSeq, journalSegments, auditFiles } = made.manifest;
    console.log(
      `Backup of ${dataDir} written to ${made.path} (${made.bytes} bytes: snapshot at journal seq ${snapshotSeq ?? 'none'}, ` +
        `${journalSegments} journal file(s), ${auditFiles} audit file(s)).`,
    );
  });
}

export async function runRestoreCommand(argv: string[]): Promise<number> {
  const values = parse(argv, { 'data-dir': { type: 'string' }, from: { type: 'string' }, force: { type: 'boolean' } }, RESTORE_USAGE);
  if (!values) return 2;
  if (values.help) return (console.log(RESTORE_USAGE), 0);
  if (typeof values.from !== 'string' || values.from.trim() === '') return (console.error(`--from is required\n\n${RESTORE_USAGE}`), 2);
  const from = values.from.trim();
  const dataDir = dataDirOf(values);
  return reporting(async () => {
    const restored = await restoreBackup(from, dataDir, { force: values.force === true });
    const taken = new Date(restored.manifest.createdAt).toISOString();
    console.log(`Restored ${from} (taken ${taken} from ${restored.manifest.dataDir}) into ${dataDir}.`);
    if (restored.movedAsideTo) console.log(`The folder's previous data was moved to ${restored.movedAsideTo}.`);
    console.log(`Start the server on it: npm run serve -- --data-dir ${dataDir}`);
  });
}
