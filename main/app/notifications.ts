// Shows task activity outside the window: the dock/taskbar progress bar and a desktop notification
// when a separation's stems are ready.
import { Notification } from 'electron';
import type { IpcRouter } from '../ipc/types.js';
import { getLogger } from '../log/logger.js';
import type { WindowGetter } from './ipc-bridge.js';
import { TaskActivity, type TaskNotice } from './task-activity.js';

const log = getLogger('app-notifications');

/**
 * Feeds router events into a TaskActivity and mirrors it to the OS. Clicking a notification shows
 * the app window. Returns the unsubscribe function.
 */
export function connectTaskActivity(router: IpcRouter, getWindow: WindowGetter): () => void {
  const activity = new TaskActivity();
  // Electron drops the click handler of a notification that has been garbage-collected, so each
  // shown notification is kept until it is clicked or closed.
  const shown = new Set<Notification>();

  const notify = (notice: TaskNotice): void => {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title: notice.title, body: notice.body });
    shown.add(notification);
    notification.on('click', () => {
      shown.delete(notification);
      const window = getWindow();
      if (!window || window.isDestroyed()) return;
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    });
    notification.on('close', () => shown.delete(notification));
    notification.show();
    log.info({ taskId: notice.taskId }, 'task finished, notification shown');
  };

  return router.onEvent((event) => {
    const notice = activity.apply(event);
    if (notice) notify(notice);

    const window = getWindow();
    if (window && !window.isDestroyed()) window.setProgressBar(activity.progress());
  });
}
