// Song-view rules: stem groups per separation, the stems a drag carries, and the stems of a song
// that are still downloading. Pure functions, unit-tested in Node.
import type { SeparationDto, SongDto, StemDto, StemProgressDto, TaskDto } from '../../preload/contract.js';
import { isActive } from '../queue/task-rules.js';

export interface StemGroup {
  /** Null for stems that match no recorded separation. */
  separation: SeparationDto | null;
  stems: StemDto[];
}

/**
 * Groups a song's stems under their separations, newest separation first. A stem goes to the
 * separation named by its `taskId` when main sends one, and otherwise to the newest of its mode.
 */
export function groupStems(song: Pick<SongDto, 'separations' | 'stems'>): StemGroup[] {
  const separations = [...song.separations].sort((a, b) => b.createdAt - a.createdAt);
  const groups: StemGroup[] = separations.map((separation) => ({ separation, stems: [] }));
  const other: StemDto[] = [];

  for (const stem of song.stems) {
    const byTask = stem.taskId ? groups.find((group) => group.separation?.taskId === stem.taskId) : undefined;
    const byMode = stem.taskId ? undefined : groups.find((group) => group.separation?.mode === stem.mode);
    const group = byTask ?? byMode;
    if (group) group.stems.push(stem);
    else other.push(stem);
  }

  const filled = groups.filter((group) => group.stems.length > 0);
  if (other.length > 0) filled.push({ separation: null, stems: other });
  return filled;
}

/** Characters of a task id shown to tell two separations of one mode apart. */
const SHORT_TASK_ID_LENGTH = 8;

/**
 * Names a stem group for its heading and the player's choice: "Vocal separation", plus the start
 * of its task id when another group of the song has the same mode, so that the two differ.
 */
export function groupTitle(group: StemGroup, groups: readonly StemGroup[]): string {
  const separation = group.separation;
  if (!separation) return 'Other stems';
  const title = separation.mode === 'vocal' ? 'Vocal separation' : 'Instrumental separation';
  const sameMode = groups.filter((other) => other.separation?.mode === separation.mode).length;
  return sameMode > 1 ? `${title}, task ${separation.taskId.slice(0, SHORT_TASK_ID_LENGTH)}` : title;
}

/**
 * Returns the stem ids a drag that starts on `stem` carries: every selected stem when the dragged
 * stem is one of several selected, otherwise the dragged stem alone.
 */
export function stemsToDrag(stem: StemDto, selectedIds: readonly string[], available: readonly StemDto[]): string[] {
  if (!selectedIds.includes(stem.id) || selectedIds.length < 2) return [stem.id];
  const availableIds = new Set(available.map((item) => item.id));
  return selectedIds.filter((id) => availableIds.has(id));
}

export interface PendingStem {
  task: TaskDto;
  stem: StemProgressDto;
}

/** Lists the stems of a song's active tasks that are not downloaded yet, which cannot be dragged. */
export function pendingStems(song: Pick<SongDto, 'id' | 'sunoId'>, tasks: readonly TaskDto[]): PendingStem[] {
  const pending: PendingStem[] = [];
  for (const task of tasks) {
    const belongs = task.songId === song.id || (song.sunoId !== null && task.sunoId === song.sunoId);
    if (!belongs || !isActive(task.state)) continue;
    for (const stem of task.stems) {
      if (stem.state !== 'ready') pending.push({ task, stem });
    }
  }
  return pending;
}

/** Explains why a stem that is not downloaded cannot be dragged. */
export function notDraggableReason(stem: StemProgressDto): string {
  switch (stem.state) {
    case 'queued':
      return 'Not downloaded yet: waiting for its turn.';
    case 'downloading':
      return 'Not downloaded yet: downloading now.';
    case 'failed':
      return 'The download failed; retry it in the queue.';
    case 'expired':
      return 'crun.ai deleted the file before it was downloaded.';
    case 'ready':
      return '';
  }
}
