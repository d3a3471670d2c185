// Notices: problems found outside any one task or song, kept for this run so that the renderer
// can show them whenever its window opens, and dismissed by the user.
import path from 'node:path';
import type { NoticeDto, StemcrateEvent } from '../preload/contract.js';
import type { TaskStoreLoadReport } from './tasks/task-store.js';

export class Notices {
  private items: NoticeDto[] = [];

  constructor(private readonly emit: (event: StemcrateEvent) => void) {}

  list(): NoticeDto[] {
    return [...this.items];
  }

  add(notice: NoticeDto): void {
    this.items = [...this.items.filter((item) => item.id !== notice.id), notice];
    this.emit({ type: 'notices', notices: this.list() });
  }

  /** Removes a notice; an unknown id is ignored, because a second window may have dismissed it. */
  dismiss(id: string): void {
    const remaining = this.items.filter((item) => item.id !== id);
    if (remaining.length === this.items.length) return;
    this.items = remaining;
    this.emit({ type: 'notices', notices: this.list() });
  }
}

/** Describes task state files that could not be read at start, or returns null when all were read. */
export function taskStoreNotice(report: TaskStoreLoadReport): NoticeDto | null {
  if (report.movedAside.length === 0) return null;
  const names = report.movedAside.map((file) => path.basename(file)).join(', ');
  const count = report.movedAside.length;
  const subject = count === 1 ? 'A task state file' : `${count} task state files`;
  return {
    id: 'task-store-moved-aside',
    level: 'error',
    message:
      `${subject} could not be read and ${count === 1 ? 'was' : 'were'} moved aside in the data folder's tasks folder (${names}). ` +
      'The separations they described are no longer tracked; songs already in the library are not affected. ' +
      'If a separation was still running, check your crun.ai account before you submit the song again.',
  };
}
