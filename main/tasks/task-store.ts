// TaskStore: every separation task record, one JSON file per record in <dataDir>/tasks/. A change
// replaces the record's file atomically (temporary file, then rename), so a crash leaves either
// the old or the new version. A file that cannot be read is moved aside and reported, never lost.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.js';
import { getLogger } from '../log/logger.js';
import { TEMPORARY_SUFFIX_PATTERN, writeFileAtomicSync } from './atomic-write.js';
import { taskRecordSchema, type TaskRecord } from './record.js';

const log = getLogger('task-store');

/** Folder of the record files inside the data folder. */
export const TASKS_FOLDER = 'tasks';
/** The single state file of earlier versions; imported once, then renamed. */
const LEGACY_FILE = 'tasks.json';
/** Record ids become file names, so only these characters are accepted. */
const RECORD_ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

export interface TaskStoreLoadReport {
  /** New paths of the state files that could not be read or validated. */
  movedAside: string[];
  /** Records dropped from the live set because their file was unreadable or invalid. */
  invalidRecords: number;
  /** Records imported from the single-file format of earlier versions. */
  migrated: number;
}

export interface PutOptions {
  /** False keeps the change in memory only, for counters a restart may lose. Default true. */
  persist?: boolean;
  /**
   * True also flushes the file to the disk before returning (fsync), so the record survives a
   * power loss, not only a crash of the app. Used where money is at stake: before and right
   * after the paid create call. Default false.
   */
  durable?: boolean;
}

export class TaskStore {
  readonly folder: string;
  readonly loadReport: TaskStoreLoadReport;
  private readonly records = new Map<string, TaskRecord>();

  constructor(dataDir: string, now: () => number = Date.now) {
    this.folder = path.join(dataDir, TASKS_FOLDER);
    mkdirSync(this.folder, { recursive: true });
    const report: TaskStoreLoadReport = { movedAside: [], invalidRecords: 0, migrated: 0 };
    this.loadFolder(report, now);
    this.importLegacyFile(path.join(dataDir, LEGACY_FILE), report, now);
    this.loadReport = report;
  }

  /** Returns every record, oldest first. */
  all(): TaskRecord[] {
    return [...this.records.values()].sort((a, b) => a.createdAt - b.createdAt);
  }

  get(id: string): TaskRecord | undefined {
    return this.records.get(id);
  }

  findByTaskId(taskId: string): TaskRecord | undefined {
    for (const record of this.records.values()) if (record.taskId === taskId) return record;
    return undefined;
  }

  /**
   * Stores the record and, unless `persist` is false, writes its file before returning. Throws
   * AppError `storage` when the file cannot be written. The memory copy is then unchanged, so the
   * caller never acts on a state that a restart would not find.
   */
  put(record: TaskRecord, options: PutOptions = {}): void {
    if (!RECORD_ID_PATTERN.test(record.id)) {
      throw new AppError('internal', `Task record id "${record.id.slice(0, 80)}" is invalid: expected letters, digits and dashes.`);
    }
    if (options.persist !== false) this.writeFile(record, options.durable ?? false);
    this.records.set(record.id, record);
  }

  /** Forgets the record and deletes its file. */
  delete(id: string): void {
    if (!this.records.has(id)) return;
    try {
      rmSync(this.fileOf(id), { force: true });
    } catch (error) {
      throw new AppError('storage', `Could not delete the task file ${this.fileOf(id)}: ${String(error)}. Check the permissions of the app's data folder.`, { cause: error });
    }
    this.records.delete(id);
  }

  private fileOf(id: string): string {
    return path.join(this.folder, `${id}.json`);
  }

  private writeFile(record: TaskRecord, durable: boolean): void {
    const file = this.fileOf(record.id);
    try {
      writeFileAtomicSync(file, `${JSON.stringify(record)}\n`, durable);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOSPC' ? 'the disk is full' : String(error);
      log.error({ recordId: record.id, taskId: record.taskId, file, err: error }, 'could not write a task record');
      throw new AppError('storage', `Could not save the task of "${record.song.title}" to ${file}: ${reason}. Free disk space or check the data folder's permissions.`, {
        cause: error,
      });
    }
  }

  private loadFolder(report: TaskStoreLoadReport, now: () => number): void {
    let names: string[];
    try {
      names = readdirSync(this.folder);
    } catch (error) {
      log.error({ err: error, folder: this.folder }, 'cannot list the task folder; starting without task records');
      report.movedAside.push(this.moveAside(this.folder, now));
      mkdirSync(this.folder, { recursive: true });
      return;
    }

    for (const name of names) {
      const file = path.join(this.folder, name);
      if (TEMPORARY_SUFFIX_PATTERN.test(name)) {
        // A write that a crash interrupted; the record's previous version is still in place.
        rmSync(file, { force: true });
        continue;
      }
      const id = name.endsWith('.json') ? name.slice(0, -'.json'.length) : null;
      if (id === null || !RECORD_ID_PATTERN.test(id)) continue;

      const record = readRecordFile(file);
      if (record !== null && record.id === id) {
        this.records.set(id, record);
        continue;
      }
      report.invalidRecords++;
      report.movedAside.push(this.moveAside(file, now));
    }
  }

  /** Imports the records of a `tasks.json` written by earlier versions, then renames the file. */
  private importLegacyFile(file: string, report: TaskStoreLoadReport, now: () => number): void {
    if (!existsSync(file)) return;
    let stored: unknown;
    try {
      stored = (JSON.parse(readFileSync(file, 'utf8')) as { records?: unknown }).records;
    } catch (error) {
      log.error({ err: error, file }, 'the old task state file is unreadable');
      report.movedAside.push(this.moveAside(file, now));
      return;
    }

    let invalid = 0;
    for (const value of Object.values(typeof stored === 'object' && stored !== null ? stored : {})) {
      const parsed = taskRecordSchema.safeParse(value);
      if (!parsed.success || !RECORD_ID_PATTERN.test(parsed.data.id)) {
        invalid++;
        continue;
      }
      if (this.records.has(parsed.data.id)) continue;
      this.put(parsed.data, { durable: true });
      report.migrated++;
    }
    report.invalidRecords += invalid;
    const renamed = `${file}.${invalid > 0 ? 'invalid' : 'migrated'}-${now()}`;
    renameSync(file, renamed);
    if (invalid > 0) report.movedAside.push(renamed);
    log.info({ file, migrated: report.migrated, invalid }, 'imported task records from the old state file');
  }

  /** Renames an unreadable file or folder to `<name>.corrupt-<time>` and returns the new path. */
  private moveAside(file: string, now: () => number): string {
    const target = `${file}.corrupt-${now()}`;
    try {
      renameSync(file, target);
      log.error({ file, movedTo: target }, 'task state could not be read; moved it aside');
      return target;
    } catch (error) {
      log.error({ file, err: error }, 'task state could not be read, nor moved aside; it stays where it is');
      return file;
    }
  }
}

/** Reads and validates one record file; null when it is unreadable or invalid. */
function readRecordFile(file: string): TaskRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    log.error({ file, err: error }, 'task record file is not readable JSON');
    return null;
  }
  const parsed = taskRecordSchema.safeParse(value);
  if (!parsed.success) {
    log.error({ file, issues: parsed.error.issues.slice(0, 3) }, 'task record file is invalid');
    return null;
  }
  return parsed.data;
}
