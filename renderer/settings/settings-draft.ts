// The settings form's values as typed, what a save sends, and the checks that give a clearer
// message than main's before a request is made. Main checks every value again. Pure functions.
import type { SettingsDto, SettingsUpdate } from '../../preload/contract.js';

/** Maximum length of a naming template that main accepts, in characters. */
export const MAX_TEMPLATE_LENGTH = 200;

/** Form values as typed. Numbers are parsed when saving, so a half-typed value is not rejected early. */
export interface SettingsDraft {
  namingTemplate: string;
  pollIntervalSeconds: string;
  parallelDownloads: string;
}

export function toDraft(settings: SettingsDto): SettingsDraft {
  return {
    namingTemplate: settings.namingTemplate,
    pollIntervalSeconds: String(settings.pollIntervalSeconds),
    parallelDownloads: String(settings.parallelDownloads),
  };
}

/**
 * Returns only the fields the user changed, so values main set for this run only (the sandbox's
 * short poll interval, for one) are not written back as the user's choice.
 */
export function changedSettings(settings: SettingsDto, draft: SettingsDraft): SettingsUpdate {
  const update: SettingsUpdate = {};
  if (draft.namingTemplate !== settings.namingTemplate) update.namingTemplate = draft.namingTemplate;
  if (Number(draft.pollIntervalSeconds) !== settings.pollIntervalSeconds) update.pollIntervalSeconds = Number(draft.pollIntervalSeconds);
  if (Number(draft.parallelDownloads) !== settings.parallelDownloads) update.parallelDownloads = Number(draft.parallelDownloads);
  return update;
}

/**
 * Returns why a naming template cannot be previewed or saved without asking main (empty or too
 * long), or null. Main reports every other problem, such as an unknown placeholder.
 */
export function templateProblem(template: string): string | null {
  if (template.trim() === '') return 'Type a template, e.g. {title} - {stem}. The file name needs {stem} or {key}.';
  if (template.length > MAX_TEMPLATE_LENGTH) {
    return `The template is ${template.length} characters long; shorten it to at most ${MAX_TEMPLATE_LENGTH}.`;
  }
  return null;
}
