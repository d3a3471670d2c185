// TaskStore: every separation task record, persisted with `conf` (atomic whole-file writes) the
// moment it changes. A state file that cannot be read is moved aside and reported, never lost.
import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { getLogger } from '../log/logger.js';
import { taskRecordSchema, type TaskRecord } from './record.js';

const log = getLogger('task-store');
const CONFIG_NAME = 'tasks';

export interface TaskStoreLoadReport {
  /** Path the unreadable state file was moved to, when it was. */
  movedAside: string | null;
  /** Records that failed validation and were dropped from the live set (kept in the moved file). */
  invalidRecords: number;
}

export class TaskStore {
  private readonly conf: Conf<{ records: Record<string, unknown> }>;
  private readonly records = new Map<string, TaskRecord>();
  readonly loadReport: TaskStoreLoadReport;

  constructor(dataDir: string, now: () => number = Date.now) {
    const file = path.join(dataDir, `${CONFIG_NAME}.json`);
    let movedAside: string | null = null;
    let conf: Conf<{ records: Record<string, unknown> }>;
    try {
      conf = openConf(dataDir);
    } catch (error) {
      movedAside = `${file}.corrupt-${now()}`;
      log.error({ err: error, file, movedAside }, 'task state file is unreadable; moving it aside and starting empty');
      if (existsSync(file)) renameSync(file, movedAside);
      conf = openConf(dataDir);
    }
    this.conf = conf;

    let invalidRecords = 0;
    const stored = this.conf.get('records', {});
    for (const [id, value] of Object.entries(stored)) {
      const parsed = taskRecordSchema.safeParse(value);
      if (parsed.success) {
        this.records.set(id, parsed.data);
      } else {
        invalidRecords++;
        log.error({ recordId: id, issues: parsed.error.issues.slice(0, 3) }, 'task record is invalid; skipping it');
      }
    }
    if (invalidRecords > 0 && movedAside === null) {
      movedAside = `${file}.invalid-${now()}`;
      this.conf.set('records', stored);
      renameSync(file, movedAside);
      this.persistAll();
    }
    this.loadReport = { movedAside, invalidRecords };
  }

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
   * Stores the record and writes it to disk before returning. `persist: false` keeps a change in
   * memory only, for counters that a restart may lose (poll counts of an unchanged status).
   */
  put(record: TaskRecord, options: { persist?: boolean } = {}): void {
    this.records.set(record.id, record);
    if (options.persist !== false) this.conf.set(`records.${record.id}`, record);
  }

  delete(id: string): void {
    this.records.delete(id);
    this.conf.delete(`records.${id}` as 'records');
  }

  private persistAll(): void {
    this.conf.set('records', Object.fromEntries(this.records));
  }
}

function openConf(dataDir: string): Conf<{ records: Record<string, unknown> }> {
  return new Conf<{ records: Record<string, unknown> }>({
    cwd: dataDir,
    configName: CONFIG_NAME,
    projectName: 'stemcrate',
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: true,
    defaults: { records: {} },
  });
}
