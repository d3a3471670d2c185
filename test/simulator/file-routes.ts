// The simulator's file routes: stems of finished separations, covers and song audio, no key needed.
import type { SeparationMode } from '../../preload/contract.js';
import type { SimState } from './api-routes.js';
import { readFixture, type ServedFile } from './files.js';
import { completedAtMs, separationStatus, STEMS_BY_MODE } from './task-data.js';

/** Maps a file path to its fixture; 'gone' for expired stems, null for anything unknown. */
export function resolveFile(state: SimState, pathname: string): ServedFile | 'gone' | null {
  const stem = /^\/files\/([^/]+)\/([a-z_]+)\.mp3$/.exec(pathname);
  if (stem) {
    const [, taskId = '', key = ''] = stem;
    const task = state.separationTasks.get(taskId);
    const { clock, timing } = state;
    if (!task || separationStatus(task, clock.now(), timing) !== 'success') return null;
    if (!STEMS_BY_MODE[task.mode as SeparationMode].includes(key)) return null;
    if (task.filesExpired) return 'gone';
    return { content: readFixture(`audio/${key}.mp3`), contentType: 'audio/mpeg', identity: pathname, lastModifiedMs: completedAtMs(task, timing) };
  }

  const cover = /^\/covers\/(cover\.png|cover-2\.png)$/.exec(pathname);
  if (cover) return { content: readFixture(cover[1] as string), contentType: 'image/png', identity: pathname, lastModifiedMs: Date.UTC(2026, 0, 1) };

  const song = /^\/songs\/([^/]+)\.mp3$/.exec(pathname);
  const known = song && state.generationTasks.some((task) => task.songs.some((entry) => entry.sunoId === song[1]));
  if (known) return { content: readFixture('audio/origin.mp3'), contentType: 'audio/mpeg', identity: pathname, lastModifiedMs: Date.UTC(2026, 0, 1) };
  return null;
}
