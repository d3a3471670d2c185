// The settings form's values as typed, what a save sends, and the checks that give a clearer
// message than main's before a request is made. Main checks every value again. Pure functions.
import { SETTINGS_LIMITS, type SettingsDto, type SettingsUpdate } from '../../preload/contract.js';

/** Maximum length of a naming template that main accepts, in characters. */
export const MAX_TEMPLATE_LENGTH = SETTINGS_LIMITS.namingTemplateLength;
/** Range of a saved poll interval, in seconds. The sandbox may run with a shorter one. */
export const POLL_SECONDS_RANGE = SETTINGS_LIMITS.pollIntervalSeconds;
/** Range of the number of parallel downloads. */
export const PARALLEL_DOWNLOADS_RANGE = SETTINGS_LIMITS.parallelDownloads;

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

/** Problems of the number fields, by field, for the values the user changed. */
export interface NumberProblems {
  pollIntervalSeconds?: string;
  parallelDownloads?: string;
}

/**
 * Checks the number fields the user changed against the ranges main accepts. An unchanged value
 * passes, so the sandbox's run-only interval of 1 s does not block saving another field.
 */
export function numberProblems(settings: SettingsDto, draft: SettingsDraft): NumberProblems {
  const problems: NumberProblems = {};
  if (draft.pollIntervalSeconds.trim() !== String(settings.pollIntervalSeconds)) {
    const problem = wholeNumberProblem('The poll interval', draft.pollIntervalSeconds, POLL_SECONDS_RANGE, ' seconds');
    if (problem !== null) problems.pollIntervalSeconds = problem;
  }
  if (draft.parallelDownloads.trim() !== String(settings.parallelDownloads)) {
    const problem = wholeNumberProblem('The number of parallel downloads', draft.parallelDownloads, PARALLEL_DOWNLOADS_RANGE, '');
    if (problem !== null) problems.parallelDownloads = problem;
  }
  return problems;
}

function wholeNumberProblem(name: string, typed: string, range: { min: number; max: number }, unit: string): string | null {
  const value = Number(typed.trim());
  const allowed = `Enter a whole number from ${range.min} to ${range.max}${unit}.`;
  if (typed.trim() === '' || !Number.isInteger(value)) return `${name} "${typed}" is not a whole number. ${allowed}`;
  if (value < range.min) return `${name} ${value} is too low. ${allowed}`;
  if (value > range.max) return `${name} ${value} is too high. ${allowed}`;
  return null;
}
