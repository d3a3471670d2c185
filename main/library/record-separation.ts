// Preparing a downloaded separation for the manifest: each stem file checked, measured and hashed,
// and the set checked against what the mode promises.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { getLogger } from '../log/logger.js';
import { probeStem } from './audio-probe.js';
import { hashFile } from './folder-files.js';
import { realPathInside } from './paths.js';
import { validateStemRecord, withSeparation } from './song-changes.js';
import { checkSeparation, type StemCheckReport } from './stem-check.js';
import type { AddSeparationOptions, Manifest, SeparationRecord, StemRecord } from './types.js';

const log = getLogger('library');

export interface MeasuredSeparation {
  stems: StemRecord[];
  report: StemCheckReport;
  /** The report's errors and warnings as manifest warnings, prefixed with the task id. */
  warnings: string[];
}

/**
 * Checks that every stem file exists inside the song folder, takes its size from the disk, fills
 * a missing sha256, and measures stems whose duration is null (MP3: decoded for length and
 * near-silence). Stems are measured one after another to keep one CPU core free.
 */
export async function measureSeparation(
  root: string,
  directory: string,
  separation: SeparationRecord,
  stems: readonly StemRecord[],
  options: AddSeparationOptions,
): Promise<MeasuredSeparation> {
  const measured: StemRecord[] = [];
  for (const stem of stems) {
    validateStemRecord(stem);
    const file = await realPathInside(root, path.join(directory, stem.fileName), `Stem "${stem.fileName}"`);
    const info = await stat(file);
    const sha256 = /^[0-9a-f]{64}$/u.test(stem.sha256) ? stem.sha256 : await hashFile(file);
    let { durationSeconds, nearSilent } = stem;
    if (durationSeconds === null) {
      const facts = await probeStem(file, stem.fileName);
      durationSeconds = facts.durationSeconds;
      nearSilent = facts.nearSilent;
    }
    measured.push({ ...stem, bytes: info.size, sha256, durationSeconds, nearSilent });
  }

  const report = checkSeparation(separation.mode, measured, options.explained ?? []);
  const prefix = `Separation ${separation.taskId} (${separation.mode}): `;
  const warnings = [...report.errors, ...report.warnings].map((text) => `${prefix}${text}`);
  if (!report.ok) log.warn({ taskId: separation.taskId, missing: report.missingKeys }, 'separation is missing stems');
  return { stems: measured, report, warnings };
}

export function applySeparation(manifest: Manifest, separation: SeparationRecord, measured: MeasuredSeparation): Manifest {
  return withSeparation(manifest, separation, measured.stems, measured.warnings);
}
